import type { ClientProfile } from '@portal/client';
import { useClientProfile } from '@portal/react';
import { Picture } from '../components/picture';
import { QueryState } from '../components/query-state';

/** The signed-in user's client: the company (or person) the portal serves. */
export function ClientPage() {
  const client = useClientProfile();
  return (
    <>
      <h1>Your company</h1>
      <QueryState query={client}>
        {(data) => (
          <>
            <div className="profile-picture">
              <Picture avatar={data.avatar} name={data.name} size={128} />
            </div>
            <dl className="details">
              <dt>Name</dt>
              <dd>{data.name}</dd>
              <dt>Email</dt>
              <dd>{data.email ?? 'None'}</dd>
              <dt>Phone</dt>
              <dd>{data.phone ?? 'None'}</dd>
              <dt>Billing address</dt>
              <dd>{data.billingAddress ? <Address address={data.billingAddress} /> : 'None on file'}</dd>
            </dl>
          </>
        )}
      </QueryState>
    </>
  );
}

type BillingAddress = NonNullable<ClientProfile['billingAddress']>;

function Address({ address }: { address: BillingAddress }) {
  return (
    <address>
      {address.street} {address.houseNumber}
      <br />
      {address.postalCode} {address.city}
      <br />
      {countryName(address.country)}
    </address>
  );
}

/** "GB" becomes "United Kingdom" in the reader's language; anything Intl does not know stays as it is. */
function countryName(code: string): string {
  try {
    return new Intl.DisplayNames(undefined, { type: 'region' }).of(code) ?? code;
  } catch {
    return code;
  }
}
