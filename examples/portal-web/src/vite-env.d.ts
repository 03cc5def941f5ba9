/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** Where the API is when it is not on the app's origin (it then needs CORS for this origin). */
  readonly VITE_PORTAL_API_URL?: string;
}
