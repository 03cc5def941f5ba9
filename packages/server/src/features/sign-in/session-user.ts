/** The user a session is for, as the token tables return it. */
export interface SessionUser {
  userId: string;
  tenantId: string;
  clientId: string;
  email: string;
}
