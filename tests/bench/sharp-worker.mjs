// One process of the bench's sharp pool (tests/bench/import.ts): reads photo paths, one a line, on
// stdin, makes the same 720 + 240 set as Hearth (720 from the original, upright; 240 from the 720;
// quality 80) with one libvips thread and no operation cache, and answers "ok" or "error ..." per line.
import sharp from "sharp";
import { createInterface } from "node:readline";

sharp.concurrency(1);
sharp.cache(false);

for await (const path of createInterface({ input: process.stdin })) {
  try {
    const large = await sharp(path).rotate().resize(720, 720, { fit: "inside" }).jpeg({ quality: 80 }).toBuffer();
    await sharp(large).resize(240, 240, { fit: "inside" }).jpeg({ quality: 80 }).toBuffer();
    process.stdout.write("ok\n");
  } catch (error) {
    process.stdout.write(`error ${error.message}\n`);
  }
}
