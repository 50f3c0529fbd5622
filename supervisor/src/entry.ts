/** The bundle's entry: run the `hearth` command and exit with its status. */
import { main } from "./main";

main(process.argv.slice(2)).then((code) => process.exit(code));
