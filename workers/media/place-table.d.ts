/** The offline reverse-geocoding table (supervisor/src/build/place-table.ts), bundled as bytes. */
declare module "hearth:place-table" {
  const table: Uint8Array;
  export default table;
}
