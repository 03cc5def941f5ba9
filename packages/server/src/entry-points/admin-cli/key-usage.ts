/** The `keys` commands: they work on the key folder's files and open no database. */
export const KEYS_USAGE = [
  'keys generate [--dir DIR]            start a key set with one current ES256 key',
  'keys list [--dir DIR]                the keys with their ids, roles and since when',
  'keys add-standby [--dir DIR]         a new key, published but not signing yet',
  'keys promote [--dir DIR] [--force]   the standby signs; the current one becomes previous',
  'keys retire [--dir DIR] [--kid KID] [--force]   remove previous keys: their tokens are refused',
];
