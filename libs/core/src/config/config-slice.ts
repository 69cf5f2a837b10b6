import { FactoryProvider } from '@nestjs/common';
import { PlatformConfig } from './platform-config';
import { ConfigVariables } from './variables';

/**
 * The class of one context's settings. The class is the DI token of its slice; its statics say which variables
 * the context reads (validation and defaults) and how the slice is built from their values, so that `loadConfig`
 * can validate every context's variables with the platform's in one pass at start.
 */
export interface ConfigSlice<T extends object = object> {
  new (...args: never[]): T;
  /** The variables this context reads; no other slice reads them. */
  readonly variables: ConfigVariables;
  /** The slice from its own variables' values; the platform's slices hold what contexts share (data folder, costs). */
  fromVariables(values: Record<string, unknown>, platform: PlatformConfig): T;
}

/** The contexts' slice classes, by the name each has in the loaded configuration. */
export type ConfigSlices = Record<string, ConfigSlice>;

/** One validated read of the environment: the platform's slices, and each context's under its name. */
export type Configuration<S extends ConfigSlices = ConfigSlices> = PlatformConfig & {
  readonly [K in keyof S]: S[K] extends ConfigSlice<infer T> ? T : never;
};

/**
 * The slices read at start, for each module to provide the ones it reads (`provideConfigSlice`). Only module wiring
 * injects this, never an interactor; a context module can name no other context's slice class to take it.
 */
export class LoadedSlices {
  constructor(private readonly slices: readonly object[]) {}

  get<T extends object>(type: abstract new (...args: never[]) => T): T {
    const slice = this.slices.find((candidate): candidate is T => candidate instanceof type);
    if (!slice) throw new Error(`${type.name} is not part of the loaded configuration; list it where loadConfig runs`);
    return slice;
  }
}

/** Provides a module's configuration slice (its class is the token) from the configuration read at start. */
export function provideConfigSlice<T extends object>(type: abstract new (...args: never[]) => T): FactoryProvider<T> {
  return { provide: type, inject: [LoadedSlices], useFactory: (slices: LoadedSlices) => slices.get(type) };
}
