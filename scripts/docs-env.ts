import { writeFileSync } from 'node:fs';
import { renderEnvReference } from '../src/config/env-reference.js';

writeFileSync('docs/env.md', renderEnvReference());
process.stdout.write('wrote docs/env.md\n');
