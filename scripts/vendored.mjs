// The npm packages the page serves itself under vendor/<package>/ (no third-party host is ever
// contacted). One list: the development server's routes (scripts/serve.mjs), the published
// site's licence files and notices (scripts/site/) and their tests derive from it.

/**
 * Each package: its npm name (also the folder under vendor/), the folder of the package whose
 * files are served, its display name and what the page uses it for.
 */
export const VENDORED_PACKAGES = Object.freeze([
  Object.freeze({ name: 'uplot', served: 'dist', title: 'uPlot', role: 'the chart library' }),
  Object.freeze({
    name: 'wasm-feature-detect',
    served: 'dist/esm',
    title: 'wasm-feature-detect',
    role: 'checks that the browser runs WebAssembly SIMD before the module loads',
  }),
]);

/** [URL prefix, folder relative to the repository root] of every vendored package. */
export const VENDOR_ROUTES = VENDORED_PACKAGES.map(({ name, served }) => [`/vendor/${name}/`, `node_modules/${name}/${served}`]);
