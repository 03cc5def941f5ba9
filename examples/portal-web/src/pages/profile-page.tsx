import { QueryState } from '../components/query-state';
import { useMe } from '../data/portal-queries';

/** The signed-in user (`me`). */
export function ProfilePage() {
  const me = useMe();
  return (
    <>
      <h1>Your profile</h1>
      <QueryState query={me}>
        {(data) => (
          <dl className="details">
            <dt>Name</dt>
            <dd>
              {data.firstName} {data.lastName}
            </dd>
            <dt>Email</dt>
            <dd>{data.email}</dd>
            <dt>Company</dt>
            <dd>{data.clientName}</dd>
          </dl>
        )}
      </QueryState>
    </>
  );
}
