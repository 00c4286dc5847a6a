// A portal page for the fault and abuse tests: the real elements, a tripwire any injected script
// would trip, and the token from the test.
import '../../../src/define.js';
import type { MsgProvider } from '../../../src/context/msg-provider.js';

const tripwire = window as unknown as { __pwned: () => void; pwned: number };
tripwire.pwned = 0;
tripwire.__pwned = () => (tripwire.pwned += 1);

const params = new URLSearchParams(location.search);
const provider = document.querySelector<MsgProvider>('#provider')!;
if (params.get('cache') === '0') provider.noCache = true;
provider.token = params.get('token') ?? '';
Object.assign(window, { ready: true, provider });
