import { useMe } from '@portal/react';
import { AvatarForm } from '../components/avatar-form';
import { Picture } from '../components/picture';
import { QueryState } from '../components/query-state';

/** The signed-in user (`me`), with their own picture to change or remove. */
export function ProfilePage() {
  const me = useMe();
  return (
    <>
      <h1>Your profile</h1>
      <QueryState query={me}>
        {(data) => (
          <>
            <div className="profile-picture">
              <Picture avatar={data.avatar} name={`${data.firstName} ${data.lastName}`} size={128} />
              <AvatarForm avatar={data.avatar} />
            </div>
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
          </>
        )}
      </QueryState>
    </>
  );
}
