// The argocd-cm Lua health checks, run in the real sandbox: what a script's answer becomes, what it may not touch,
// and that a script that never ends is cut off instead of freezing the terminal.
import assert from 'node:assert/strict';
import {before, describe, test} from 'node:test';
import type {ResourceHealth} from '../../../source/core/apps/detail.js';
import type {HealthCustomization} from '../../../source/core/health/lua/customizations.js';
import {LuaHealthChecks, type LuaHealthLimits} from '../../../source/core/health/lua/lua-health.js';
import {LuaSandbox} from '../../../source/core/health/lua/lua-sandbox.js';
import {resourceHealth} from '../../../source/core/health/resource-health.js';
import type {KubeObject} from '../../../source/core/kube/resource-type.js';

const limits: LuaHealthLimits = {timeoutMs: 100, memoryBytes: 8 * 1024 * 1024};

const certificate = (ready: 'True' | 'False' | null, message = ''): KubeObject => ({
	apiVersion: 'cert-manager.io/v1',
	kind: 'Certificate',
	metadata: {name: 'shop-tls', namespace: 'shop', generation: 3},
	spec: {secretName: 'shop-tls', dnsNames: ['shop.example.com', 'www.shop.example.com']},
	status:
		ready === null
			? {}
			: {observedGeneration: 3, conditions: [{type: 'Ready', status: ready, reason: ready === 'True' ? 'Ready' : 'Pending', message}]},
});

/** A check as people write them: walk the conditions, answer with hs. */
const certificateScript = `
hs = {}
if obj.status ~= nil and obj.status.conditions ~= nil then
  for _, condition in ipairs(obj.status.conditions) do
    if condition.type == "Ready" and condition.status == "True" then
      hs.status = "Healthy"
      hs.message = condition.message
      return hs
    end
    if condition.type == "Ready" and condition.status == "False" then
      hs.status = "Degraded"
      hs.message = condition.message
      return hs
    end
  end
end
hs.status = "Progressing"
hs.message = "Waiting for certificate (" .. #obj.spec.dnsNames .. " names, generation " .. obj.metadata.generation .. ")"
return hs
`;

describe('argocd-cm Lua health checks', () => {
	let sandbox: LuaSandbox;
	before(async () => {
		sandbox = await LuaSandbox.load();
	});

	function checks(...customizations: Array<Partial<HealthCustomization> & {script: string}>): LuaHealthChecks {
		return new LuaHealthChecks(
			customizations.map(entry => ({key: 'cert-manager.io/Certificate', useOpenLibs: false, ...entry})),
			sandbox,
			limits,
		);
	}

	function healthWith(rules: LuaHealthChecks, object: KubeObject): ResourceHealth | null {
		return resourceHealth(object, (candidate, group, kind) => rules.check(candidate, group, kind));
	}

	test('the hs table becomes the resource health, fields of obj read as the object has them', () => {
		const rules = checks({script: certificateScript});
		assert.deepEqual(healthWith(rules, certificate('True', 'Certificate is up to date and has not expired')), {
			status: 'Healthy',
			message: 'Certificate is up to date and has not expired',
		});
		assert.deepEqual(healthWith(rules, certificate('False', 'Issuing certificate as Secret does not exist')), {
			status: 'Degraded',
			message: 'Issuing certificate as Secret does not exist',
		});
		// Whole numbers stay integers, as Lua 5.1 prints them ("3", not "3.0").
		assert.deepEqual(healthWith(rules, certificate(null)), {
			status: 'Progressing',
			message: 'Waiting for certificate (2 names, generation 3)',
		});
	});

	test('every Argo CD status word is taken; a missing message is empty', () => {
		for (const status of ['Healthy', 'Progressing', 'Degraded', 'Suspended', 'Missing', 'Unknown']) {
			assert.deepEqual(healthWith(checks({script: `return {status = "${status}"}`}), certificate(null)), {status, message: ''});
		}
	});

	test('a status Argo CD does not know, or none at all, is Unknown "Lua returned an invalid health status"', () => {
		for (const script of ['return {status = "Fine"}', 'return {status = "healthy"}', 'return {message = "no status here"}']) {
			assert.deepEqual(
				healthWith(checks({script}), certificate(null)),
				{status: 'Unknown', message: 'Lua returned an invalid health status'},
				script,
			);
		}
	});

	test('nil, an empty table or a list means no health (the built-in rule is not asked either)', () => {
		const deployment: KubeObject = {
			apiVersion: 'apps/v1',
			kind: 'Deployment',
			metadata: {name: 'web', generation: 2},
			spec: {replicas: 2},
			status: {observedGeneration: 1},
		};
		assert.equal(resourceHealth(deployment)?.status, 'Progressing', 'built-in rule');
		for (const script of ['return nil', 'hs = {}', 'return {}', 'return {"Healthy"}']) {
			assert.equal(healthWith(checks({key: 'apps/Deployment', script}), deployment), null, script);
		}
	});

	test('a script error becomes the health message of an Unknown resource, with the line it happened on', () => {
		const failing = checks({script: 'hs = {}\nhs.status = obj.status.nothing.here\nreturn hs'});
		const health = healthWith(failing, certificate(null));
		assert.equal(health?.status, 'Unknown');
		assert.match(health!.message, /^<string>:2: attempt to index a nil value \(field 'nothing'\)$/);

		assert.deepEqual(healthWith(checks({script: 'error("certificate store unreachable")'}), certificate(null)), {
			status: 'Unknown',
			message: '<string>:1: certificate store unreachable',
		});
		assert.match(healthWith(checks({script: 'hs = {status = '}), certificate(null))!.message, /^<string>:1: .*near <eof>/);
		assert.deepEqual(healthWith(checks({script: 'return "Healthy"'}), certificate(null)), {
			status: 'Unknown',
			message: 'expect table output from Lua script, not string',
		});
		assert.deepEqual(healthWith(checks({script: 'return {status = 1}'}), certificate(null))?.status, 'Unknown');
	});

	test('a script that never ends is cut off at the time limit and reported, and the next check still runs', () => {
		const looping = checks({script: 'while true do end'});
		const started = Date.now();
		const health = healthWith(looping, certificate(null));
		const took = Date.now() - started;
		assert.equal(health?.status, 'Unknown');
		assert.match(health!.message, /timed out.*cert-manager\.io\/Certificate.*100 ms/);
		assert.ok(took >= limits.timeoutMs && took < 1000, `cut off after ${took} ms`);
		// It is not run again: the next object of the kind gets the same answer at once.
		const again = Date.now();
		assert.deepEqual(healthWith(looping, certificate('True')), health);
		assert.ok(Date.now() - again < 50);
		assert.equal(healthWith(checks({script: certificateScript}), certificate('True'))?.status, 'Healthy');
	});

	test('catching the cut with pcall does not keep a script running', () => {
		const stubborn = checks({
			script: 'while true do pcall(function() while true do end end) end',
			useOpenLibs: true,
		});
		const started = Date.now();
		assert.match(healthWith(stubborn, certificate(null))!.message, /timed out/);
		assert.ok(Date.now() - started < 1000);
	});

	test('a script that allocates without end gets an error, not the process an out-of-memory crash', () => {
		const greedy = checks({script: 'local s = "0123456789abcdef"\nwhile true do s = s .. s end'});
		const health = healthWith(greedy, certificate(null));
		assert.equal(health?.status, 'Unknown');
		assert.match(health!.message, /used more than 8 MiB/);
	});

	test('no file, OS or process access: io, debug, dofile, loadfile and os.execute are not there', () => {
		const probes = {
			io: 'return {status = "Healthy", message = tostring(io)}',
			debug: 'return {status = "Healthy", message = tostring(debug)}',
			package: 'return {status = "Healthy", message = tostring(package)}',
			dofile: 'return {status = "Healthy", message = tostring(dofile) .. tostring(loadfile)}',
			execute:
				'return {status = "Healthy", message = tostring(os.execute) .. tostring(os.getenv) .. tostring(os.remove) .. tostring(os.exit)}',
		};
		for (const [name, script] of Object.entries(probes)) {
			const message = healthWith(checks({script, useOpenLibs: true}), certificate(null))?.message;
			assert.match(message ?? '', /^(nil)+$/, `${name}: ${message}`);
		}
		const opened = healthWith(
			checks({script: 'local f = io.open("/etc/hostname")\nreturn {status = "Healthy", message = f:read("a")}', useOpenLibs: true}),
			certificate(null),
		);
		assert.deepEqual(opened, {status: 'Unknown', message: "<string>:1: attempt to index a nil value (global 'io')"});
		assert.deepEqual(healthWith(checks({script: 'local io = require("io")'}), certificate(null)), {
			status: 'Unknown',
			message: "<string>:1: module 'io' not found",
		});
		// Binary chunks could break the interpreter: load takes text only.
		const binary = healthWith(
			checks({script: 'return {status = "Healthy", message = tostring(load(string.dump(function() end)))}', useOpenLibs: true}),
			certificate(null),
		);
		assert.deepEqual(binary, {status: 'Healthy', message: 'nil'});
		// print must not write over the terminal UI.
		assert.deepEqual(healthWith(checks({script: 'print("hello from Lua")\nreturn {status = "Healthy"}'}), certificate(null)), {
			status: 'Healthy',
			message: '',
		});
	});

	test('a script never sees a Secret value, so none can reach a health message', () => {
		const password = 'correct horse battery staple';
		const encoded = Buffer.from(password).toString('base64');
		const secret: KubeObject = {
			apiVersion: 'v1',
			kind: 'Secret',
			metadata: {
				name: 'db',
				annotations: {'kubectl.kubernetes.io/last-applied-configuration': JSON.stringify({data: {password: encoded}}), team: 'payments'},
			},
			data: {password: encoded},
			stringData: {token: password},
		} as KubeObject;
		const rules = checks({
			key: 'Secret',
			script:
				'local seen = obj.data.password .. " " .. obj.stringData.token .. " " .. tostring(obj.metadata.annotations["kubectl.kubernetes.io/last-applied-configuration"]) .. " " .. obj.metadata.annotations.team\nreturn {status = "Healthy", message = seen}',
		});
		const health = healthWith(rules, secret);
		assert.deepEqual(health, {status: 'Healthy', message: '******** ******** nil payments'});
		assert.ok(!JSON.stringify(health).includes(encoded) && !JSON.stringify(health).includes(password));
	});

	test('useOpenLibs as in Argo CD: off gives base, table and require("os") only; on adds string, math and os', () => {
		const stringUse = 'return {status = "Healthy", message = string.upper(obj.metadata.name)}';
		assert.deepEqual(healthWith(checks({script: stringUse}), certificate(null)), {
			status: 'Unknown',
			message: "<string>:1: attempt to index a nil value (global 'string')",
		});
		assert.deepEqual(healthWith(checks({script: stringUse, useOpenLibs: true}), certificate(null)), {
			status: 'Healthy',
			message: 'SHOP-TLS',
		});
		const timeUse =
			'local os = require("os")\nreturn {status = "Healthy", message = type(os.time()) .. " " .. tostring(table.concat({"a", "b"}, ","))}';
		assert.deepEqual(healthWith(checks({script: timeUse}), certificate(null)), {status: 'Healthy', message: 'number a,b'});
		assert.deepEqual(
			healthWith(checks({script: 'return {status = "Healthy", message = tostring(math)}'}), certificate(null))?.message,
			'nil',
		);
		assert.deepEqual(
			healthWith(checks({script: 'return {status = "Healthy", message = type(os.date("!%Y"))}', useOpenLibs: true}), certificate(null))
				?.message,
			'string',
		);
	});

	test('globals a script sets do not reach the next call', () => {
		const rules = checks({
			script: 'if seen == nil then seen = true; return {status = "Healthy"} end\nreturn {status = "Degraded", message = "state leaked"}',
		});
		assert.equal(healthWith(rules, certificate(null))?.status, 'Healthy');
		assert.equal(healthWith(rules, certificate(null))?.status, 'Healthy');
	});

	test('kinds without a user script keep the built-in rules, and pending deletion still comes first', () => {
		const rules = checks({script: 'return {status = "Degraded", message = "custom"}'});
		const pod: KubeObject = {
			apiVersion: 'v1',
			kind: 'Pod',
			metadata: {name: 'p'},
			spec: {restartPolicy: 'Always'},
			status: {phase: 'Succeeded'},
		};
		assert.deepEqual(healthWith(rules, pod), {status: 'Healthy', message: ''});
		const deleting = certificate(null);
		deleting.metadata!.deletionTimestamp = '2026-01-01T00:00:00Z';
		assert.deepEqual(healthWith(rules, deleting), {status: 'Progressing', message: 'Pending deletion'});
	});

	test('a user script replaces the built-in rule of its kind, a core kind keyed by its bare name', () => {
		const service: KubeObject = {apiVersion: 'v1', kind: 'Service', metadata: {name: 'lb'}, spec: {type: 'LoadBalancer'}, status: {}};
		assert.equal(resourceHealth(service)?.status, 'Progressing');
		const rules = checks({key: 'Service', script: 'return {status = "Healthy", message = "no load balancer here, and that is fine"}'});
		assert.deepEqual(healthWith(rules, service), {status: 'Healthy', message: 'no load balancer here, and that is fine'});
	});

	test('the exact key wins over a glob that also matches', () => {
		const rules = checks(
			{key: '*.io/*', script: 'return {status = "Suspended", message = "from the glob"}'},
			{key: 'cert-manager.io/Certificate', script: 'return {status = "Healthy", message = "from the exact key"}'},
		);
		assert.equal(healthWith(rules, certificate(null))?.message, 'from the exact key');
		const issuer: KubeObject = {apiVersion: 'cert-manager.io/v1', kind: 'Issuer', metadata: {name: 'letsencrypt'}};
		assert.equal(healthWith(rules, issuer)?.message, 'from the glob');
	});
});
