/** Types of scripts/hub-bundle.mjs (the hub's esbuild settings, shared by the build and the benchmarks). */
export declare const PLAYGROUND_CLIENT_FILES: readonly string[];
export declare function bundleHub(options: { root: string; entryPoints: Record<string, string>; outdir: string }): Promise<{ inputs: Record<string, unknown> }>;
