import {KubeConfig} from '@kubernetes/client-node';
import {argoApp, argoStates, createAllWithStatus, ensureNamespace, installGitOpsCrds} from './support/fixtures.js';
const kc = new KubeConfig();
kc.loadFromFile(process.argv[2]!);
await installGitOpsCrds(kc);
const apps = [];
for (const ns of ['team-a', 'team-b', 'team-c']) {
	await ensureNamespace(kc, ns);
	for (let i = 0; i < Number(process.argv[3] ?? 5); i++) apps.push(argoApp(`${ns}-app-${i}`, ns, i % 3 === 0 ? argoStates.outOfSync : {}));
}
await createAllWithStatus(kc, apps);
console.log('seeded', apps.length);
