/** Before any test: make the media fixtures that are too big to commit (the 12 MP photo). */
import { ensureFixtures } from "../fixtures/make-fixtures.mjs";

export default async function setup(): Promise<void> {
  await ensureFixtures();
}
