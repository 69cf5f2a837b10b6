// Types for incremental-build.cjs, which stays plain JavaScript because it runs before anything is compiled.

export declare const MANIFEST: string;

export interface BuildOptions {
  /** Folder the source folders and output paths are relative to. */
  root: string;
  outDir: string;
  /** Folders under root whose .ts files (not .d.ts or tests) are compiled. */
  sourceDirs: string[];
  swcOptions: object;
}

export interface BuildReport {
  /** Sources compiled this time, relative to root with forward slashes. */
  compiled: string[];
  /** How many sources were already up to date. */
  unchanged: number;
  /** Outputs removed because no source produces them any more, relative to outDir. */
  removed: string[];
  ms: number;
}

export declare function build(options: BuildOptions): Promise<BuildReport>;

export declare function planBuild(input: {
  sources: Map<string, string>;
  manifest: { key: string | null; files: Record<string, string> };
  outputs: Set<string>;
  key: string;
}): { compile: string[]; unchanged: number; remove: string[] };
