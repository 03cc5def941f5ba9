import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { portal } from '../portal';

const SIGN_INS = ['sign-ins'];

/** Where the user is signed in, most recently used first; always fetched afresh (another device may end one). */
export const useSignIns = () =>
  useQuery({ queryKey: SIGN_INS, queryFn: ({ signal }) => portal.signIns.list({ signal }), staleTime: 0 });

/** Ends one sign-in by id, then reads the list again. */
export function useEndSignIn() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => portal.signIns.end(id),
    onSettled: () => queryClient.invalidateQueries({ queryKey: SIGN_INS }),
  });
}

/** Signs out every other device (logout with scope `others`); this one stays signed in. */
export function useEndOtherSignIns() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => portal.auth.logout({ scope: 'others' }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: SIGN_INS }),
  });
}
