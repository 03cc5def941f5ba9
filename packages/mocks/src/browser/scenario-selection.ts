/** The query parameter that picks scenarios in the browser: `?mock-scenario=signed-in,slow-network`. */
export const SCENARIO_QUERY_PARAMETER = 'mock-scenario';
/** The localStorage key that remembers them across pages and reloads. */
export const SCENARIO_STORAGE_KEY = 'portal-mocks:scenario';

type ScenarioStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

/**
 * The scenarios a page asked for: the query parameter wins and is remembered in `storage` (an app's
 * navigation drops query strings); an empty one (`?mock-scenario=`) forgets the choice. Without the
 * parameter, the remembered choice; undefined when there is none.
 */
export function selectScenario(search: string, storage: ScenarioStorage | undefined): string | undefined {
  const fromQuery = new URLSearchParams(search).get(SCENARIO_QUERY_PARAMETER);
  if (fromQuery !== null) {
    if (fromQuery.trim() === '') {
      storage?.removeItem(SCENARIO_STORAGE_KEY);
      return undefined;
    }
    storage?.setItem(SCENARIO_STORAGE_KEY, fromQuery);
    return fromQuery;
  }
  return storage?.getItem(SCENARIO_STORAGE_KEY) ?? undefined;
}
