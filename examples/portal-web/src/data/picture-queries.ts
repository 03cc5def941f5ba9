import type { Avatar } from '@portal/client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { portal } from '../portal';

/**
 * The signed URL of a picture, for an `<img src>`. The server keeps a URL the same for an hour and it works
 * for at least that long, so it is asked for again after 50 minutes; the browser caches the bytes meanwhile.
 */
export const usePictureUrl = (blobId: string | undefined) =>
  useQuery({
    queryKey: ['picture-url', blobId],
    queryFn: ({ signal }) => portal.pictureUrl(blobId as string, { signal }),
    enabled: blobId !== undefined,
    staleTime: 50 * 60_000,
    refetchInterval: 50 * 60_000,
  });

/** Sets or removes the user's own picture; `me` is read again after either. */
export function useAvatarChange() {
  const queries = useQueryClient();
  const onSuccess = () => queries.invalidateQueries({ queryKey: ['get', '/api/v1/portal/me'] });
  const upload = useMutation<Avatar, unknown, File>({
    mutationFn: (file) => portal.avatar.upload(file),
    onSuccess,
  });
  const remove = useMutation<void, unknown, void>({ mutationFn: () => portal.avatar.remove(), onSuccess });
  return { upload, remove };
}
