/** Bound by workerd as a `wasm` module (see workers/media/build.ts): importing it yields a compiled module. */
declare const jpegTurboWasm: WebAssembly.Module;
export default jpegTurboWasm;
