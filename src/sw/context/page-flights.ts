import { Flights } from '../util/flights.js';
import { perContext } from './per-context.js';

/**
 * The network work under way per page (a first visit's fetch, `miss`, or a revalidation), resolving to whether the
 * origin answered usably. At most one per page: every tab is served by this one worker. The navigation route starts
 * the `miss` ones (and lets a second tab share one), the engine the revalidations; the upkeep asks whether one runs
 * before it drops a page.
 */
export const pageFlights = perContext(() => new Flights<string, boolean, 'miss' | 'revalidate'>());
