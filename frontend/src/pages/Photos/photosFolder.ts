import { driveApi } from "../../api/drive";

/** The `Photos` folder at the top of the user's Drive, where uploads from Photos go; made when missing. */
export async function photosFolderId(): Promise<string> {
  const top = await driveApi.listFolder(null);
  const found = top.items.find((item) => item.kind === "folder" && item.name.toLowerCase() === "photos");
  if (found) return found.id;
  // keepBoth never fails on a name taken meanwhile by a file called "Photos".
  return (await driveApi.createFolder({ parentId: null, name: "Photos", onConflict: "keepBoth" })).id;
}
