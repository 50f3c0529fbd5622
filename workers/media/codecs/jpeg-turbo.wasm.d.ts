/** Bound by workerd as a `wasm` module (the media bundle's wasm list): importing it yields a compiled module. */
declare const jpegTurboWasm: WebAssembly.Module;
export default jpegTurboWasm;
