// Entry of the prebuilt classic worker `dist/sw-isr-worker.js`: options come from its registration URL's query,
// e.g. `/sw-isr-worker.js?revalidate=300&exclude=/admin/`.
import { installIsr } from './install-isr.js';
import { optionsFromQuery } from './context/options.js';

declare let self: ServiceWorkerGlobalScope;

const { options, errors } = optionsFromQuery(self.location.search);
for (const error of errors)
  console.error(`${error} (in the worker URL's query; ignored: the worker uses its defaults)`);
installIsr(options);
