import { z } from 'zod';

// Zod 4 probes `new Function('')` to decide whether to compile faster parsers. The renderer's CSP has no
// 'unsafe-eval', so the probe fails anyway and leaves a CSP violation report on every start: say so up front.
z.config({ jitless: true });
