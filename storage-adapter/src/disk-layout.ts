/**
 * The parts of DiskBucket's on-disk layout that a Node-side collector must understand to tell
 * garbage from bytes an object still uses (imported as `@hearth/storage-adapter/disk-layout`,
 * which needs no Workers types).
 */

/** Multipart uploads live in `~multipart/<uploadId>/`, outside the key space. */
export const UPLOADS_FOLDER = "~multipart";
/** In an upload's folder while the upload is live (createMultipartUpload until complete or abort). */
export const UPLOAD_RECORD = "upload.json";
/**
 * Written into an upload's folder just before `complete` commits: the path (from the bucket's root)
 * of the sidecar that lists the folder's parts as the object's bytes. The folder belongs to that
 * object for as long as the sidecar's `pieces.folder` names it.
 */
export const COMPLETED_MARKER = "object.json";

export interface CompletedUploadMarker {
  sidecar: string[];
}
