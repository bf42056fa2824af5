// The bytes that reach the terminal beyond the frame: OSC 52 (clipboard), OSC 9 / OSC 777 (desktop notification),
// the bell, and tmux's passthrough form around them.
import assert from 'node:assert/strict';
import {describe, test} from 'node:test';
import {
	bell,
	changeSignal,
	clipboardSequence,
	notificationSequence,
	tmuxPassthrough,
} from '../../../source/core/notify/terminal-signals.js';

const ESC = '\u001B';
const BEL = '\u0007';

describe('terminal signals', () => {
	test('OSC 52 carries the text base64-encoded for the clipboard selection', () => {
		assert.equal(clipboardSequence('argocd app sync shop-web', {}), `${ESC}]52;c;YXJnb2NkIGFwcCBzeW5jIHNob3Atd2Vi${BEL}`);
		const utf8 = clipboardSequence('kubectl get cm café', {});
		const encoded = utf8.slice(`${ESC}]52;c;`.length, -1);
		assert.equal(Buffer.from(encoded, 'base64').toString('utf8'), 'kubectl get cm café');
	});

	test('inside tmux OSC 52 is sent plain (set-clipboard on) and wrapped in passthrough, every ESC doubled', () => {
		const plain = clipboardSequence('x', {});
		assert.equal(
			clipboardSequence('x', {TMUX: '/tmp/tmux-1000/default,123,0'}),
			`${plain}${ESC}Ptmux;${ESC}${ESC}]52;c;eA==${BEL}${ESC}\\`,
		);
		assert.equal(tmuxPassthrough(`${ESC}]9;hi${BEL}`), `${ESC}Ptmux;${ESC}${ESC}]9;hi${BEL}${ESC}\\`);
	});

	test('a desktop notification is OSC 9, OSC 777 for rxvt, foot and VTE terminals, wrapped inside tmux', () => {
		assert.equal(notificationSequence('driftwatch', '1 new: shop/web Degraded', {}), `${ESC}]9;driftwatch: 1 new: shop/web Degraded${BEL}`);
		const osc777 = `${ESC}]777;notify;driftwatch;1 new: shop/web Degraded${BEL}`;
		assert.equal(notificationSequence('driftwatch', '1 new: shop/web Degraded', {VTE_VERSION: '7600'}), osc777);
		assert.equal(notificationSequence('driftwatch', '1 new: shop/web Degraded', {TERM: 'rxvt-unicode-256color'}), osc777);
		assert.equal(notificationSequence('driftwatch', '1 new: shop/web Degraded', {TERM: 'foot'}), osc777);
		assert.equal(
			notificationSequence('driftwatch', 'x', {TMUX: '/tmp/tmux', TERM: 'tmux-256color'}),
			tmuxPassthrough(`${ESC}]9;driftwatch: x${BEL}`),
		);
	});

	test('a name holding BEL, ESC or ST cannot end the notification early: control characters become spaces', () => {
		const sequence = notificationSequence('driftwatch', `shop/a${BEL}${ESC}]52;c;eA==${BEL}\u009c Degraded`, {});
		assert.equal(sequence.indexOf(BEL), sequence.length - 1, 'the only BEL is the terminator');
		assert.equal(sequence.lastIndexOf(ESC), 0, 'the only ESC starts it');
		assert.equal(sequence.includes('\u009c'), false);
	});

	test('notify: bell rings, osc rings and notifies, off writes nothing', () => {
		assert.equal(changeSignal('bell', 'driftwatch', 'x', {}), bell);
		assert.equal(changeSignal('osc', 'driftwatch', 'x', {}), `${BEL}${ESC}]9;driftwatch: x${BEL}`);
		assert.equal(changeSignal('off', 'driftwatch', 'x', {}), '');
	});
});
