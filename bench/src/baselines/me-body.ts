/** The columns of the signed-in user and their client's name, as the baselines select them for GET /me. */
export const ME_COLUMNS = `u.id, u.email, u.first_name, u.last_name, u.client_id, c.name AS client_name,
       u.avatar_blob_id, u.avatar_thumbnail_blob_id, u.avatar_width, u.avatar_height`;

/** GET /me's body from a row of `ME_COLUMNS`, field for field the server's. */
export function meBody(r: Record<string, unknown>) {
  return {
    id: r.id,
    email: r.email,
    firstName: r.first_name,
    lastName: r.last_name,
    clientId: r.client_id,
    clientName: r.client_name,
    avatar:
      r.avatar_blob_id === null
        ? null
        : {
            blobId: r.avatar_blob_id,
            thumbnailBlobId: r.avatar_thumbnail_blob_id,
            width: r.avatar_width,
            height: r.avatar_height,
          },
  };
}
