import type { Options } from '@swc/core';

/** The swc options of the build and of Jest (swc-options.cjs). */
declare function swcOptions(): Options;
export = swcOptions;
