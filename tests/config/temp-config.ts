// Writes a feeds.yaml into a fresh temporary folder for one test.
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

export async function writeTempConfig(text: string, name = "feeds.yaml"): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), "blogroll-config-"));
  const file = join(folder, name);
  await writeFile(file, text, "utf8");
  return file;
}
