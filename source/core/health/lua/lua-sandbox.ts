// A sandboxed Lua for the health scripts users keep in argocd-cm. The interpreter is wasmoon's WebAssembly build of
// Lua 5.4, driven through its C API only (no JS object bridge), so a script sees exactly the globals put here:
// - a fresh Lua state per call, as Argo CD does, so nothing one call leaves behind reaches the next;
// - no io, no debug, no package loader, no dofile/loadfile, no binary chunks; os is reduced to time/date/clock/difftime;
// - a count hook ends the call at its deadline and, once past it, fires on every instruction, so a pcall that catches
//   the cut cannot keep the script alive;
// - an allocator with a ceiling turns a runaway string or table into a Lua "not enough memory" error instead of
//   an out-of-memory crash of the whole process.
// The hook runs between Lua instructions, so one library call that runs long by itself (a pathological string.find
// pattern over a long subject) is not cut until it returns.
import type {LuaWasm} from 'wasmoon';
import {errorText} from '../../util/error-text.js';

type RunOptions = {
	/** Argo CD's useOpenLibs: false gives base, table and require('os') only; true adds string, math, coroutine and os. */
	openLibs: boolean;
	timeoutMs: number;
	/** Ceiling on what the script itself may allocate, above what the state and its globals take. */
	memoryBytes: number;
};

/** A scalar field of the returned table; nested tables and functions are named by their Lua type. */
type ReturnedField = string | number | boolean | {luaType: string};

type ReturnedValue =
	| {type: 'nil'}
	/** Only the string-keyed fields; a sequence (or an empty table) has none. */
	| {type: 'table'; fields: Map<string, ReturnedField>}
	| {type: 'other'; luaType: string};

export type RunOutcome = {ok: true; value: ReturnedValue} | {ok: false; reason: 'error' | 'timeout' | 'memory'; message: string};

/** What the emscripten module offers beyond wasmoon's typed wrappers. */
type RawModule = {
	addFunction(fn: (...args: number[]) => number | undefined, signature: string): number;
	stringToNewUTF8(text: string): number;
	lengthBytesUTF8(text: string): number;
	_malloc(size: number): number;
	_free(pointer: number): void;
	_realloc(pointer: number, size: number): number;
	_lua_pushlstring(L: number, pointer: number, length: number): number;
};

const LUA_OK = 0;
const LUA_ERRMEM = 4;
const LUA_MASKCOUNT = 8;
const LUA_TNIL = 0;
const LUA_TBOOLEAN = 1;
const LUA_TNUMBER = 3;
const LUA_TSTRING = 4;
const LUA_TTABLE = 5;
/** Instructions between two deadline checks: frequent enough for ~1 ms precision, rare enough to cost nothing. */
const HOOK_EVERY = 1000;
/** Deeper JSON than this is cut (arrives as nil); Kubernetes objects are nowhere near it. */
const MAX_DEPTH = 100;

/** Runs once per state, before the script, with the reduced os table and the openLibs flag. */
const prelude = `
local safeOs, openLibs = ...
local rawLoad = load
dofile, loadfile, collectgarbage = nil, nil, nil
print = function() end
load = function(chunk, name) return rawLoad(chunk, name, "t") end
loadstring = load
unpack = table.unpack
table.getn = function(t) return #t end
local modules = {os = safeOs, table = table}
if openLibs then
  os = safeOs
  modules.string, modules.math, modules.coroutine = string, math, coroutine
  math.pow = function(x, y) return x ^ y end
  math.mod = math.fmod
  math.log10 = function(x) return math.log(x, 10) end
end
require = function(name)
  local module = modules[name]
  if module == nil then error("module '" .. tostring(name) .. "' not found", 2) end
  return module
end
`;

/** Accounting of the call in progress (calls are synchronous, so there is at most one). */
type Call = {used: number; ceiling: number; deadline: number; expired: boolean};

let loading: Promise<LuaSandbox> | null = null;

export class LuaSandbox {
	readonly #lua: LuaWasm;
	readonly #raw: RawModule;
	readonly #allocator: number;
	readonly #hook: number;
	readonly #panic: number;
	#call: Call | null = null;

	/**
	 * The WebAssembly module is compiled once per process, on first use (tens of milliseconds): a user without Lua
	 * health checks never loads it. States are cheap.
	 */
	static load(): Promise<LuaSandbox> {
		loading ??= import('wasmoon').then(async ({LuaFactory}) => new LuaSandbox(await new LuaFactory().getLuaModule()));
		loading.catch(() => {
			loading = null;
		});
		return loading;
	}

	private constructor(lua: LuaWasm) {
		this.#lua = lua;
		this.#raw = lua.module as unknown as RawModule;
		const raw = this.#raw;
		this.#allocator = raw.addFunction((_userData, pointer, oldSize, newSize) => {
			const call = this.#call;
			if (newSize === 0) {
				if (pointer) {
					if (call) call.used -= oldSize;
					raw._free(pointer);
				}
				return 0;
			}
			const growth = pointer ? newSize - oldSize : newSize;
			if (call && call.ceiling > 0 && growth > 0 && call.used + growth > call.ceiling) return 0;
			const moved = raw._realloc(pointer, newSize);
			if (moved && call) call.used += growth;
			return moved;
		}, 'iiiii');
		this.#hook = raw.addFunction(L => {
			const call = this.#call;
			if (!call || Date.now() <= call.deadline) return;
			call.expired = true;
			// From now on every instruction of this thread fails, so no pcall can go on running.
			this.#lua.lua_sethook(L, this.#hook, LUA_MASKCOUNT, 1);
			this.#lua.lua_pushstring(L, 'timed out');
			this.#lua.lua_error(L);
		}, 'vii');
		// An error outside any protected call would make Lua abort the whole module: throw to our caller instead.
		this.#panic = raw.addFunction(() => {
			throw new Error('Lua state panicked');
		}, 'ii');
	}

	/** Run `script` with `obj` as its global; never throws. */
	run(script: string, obj: unknown, options: RunOptions): RunOutcome {
		const lua = this.#lua;
		const call: Call = {used: 0, ceiling: 0, deadline: Number.POSITIVE_INFINITY, expired: false};
		this.#call = call;
		const L = lua.lua_newstate(this.#allocator, null);
		if (!L) {
			this.#call = null;
			return {ok: false, reason: 'memory', message: 'not enough memory for a Lua state'};
		}
		let closable = true;
		try {
			lua.lua_atpanic(L, this.#panic);
			this.#openLibraries(L, options.openLibs);
			this.#pushValue(L, obj, 0);
			lua.lua_setglobal(L, 'obj');

			call.ceiling = call.used + options.memoryBytes;
			call.deadline = Date.now() + options.timeoutMs;
			lua.lua_sethook(L, this.#hook, LUA_MASKCOUNT, HOOK_EVERY);
			let status = this.#loadText(L, script, '=<string>');
			if (status === LUA_OK) status = lua.lua_pcallk(L, 0, 1, 0, 0, null);
			lua.lua_sethook(L, 0, 0, 0);
			call.ceiling = 0;

			if (call.expired) return {ok: false, reason: 'timeout', message: 'timed out'};
			if (status === LUA_ERRMEM) return {ok: false, reason: 'memory', message: 'not enough memory'};
			if (status !== LUA_OK) return {ok: false, reason: 'error', message: this.#errorText(L)};
			return {ok: true, value: this.#readReturned(L)};
		} catch (error) {
			// The state is in an unknown condition after a panic: leave it rather than risk closing it.
			closable = false;
			return {ok: false, reason: 'error', message: errorText(error, {multiline: true})};
		} finally {
			if (closable) lua.lua_close(L);
			this.#call = null;
		}
	}

	#openLibraries(L: number, openLibs: boolean): void {
		const lua = this.#lua;
		lua.luaopen_base(L);
		lua.lua_settop(L, 0);
		lua.luaopen_table(L);
		lua.lua_setglobal(L, 'table');
		if (openLibs) {
			lua.luaopen_string(L);
			lua.lua_setglobal(L, 'string');
			lua.luaopen_math(L);
			lua.lua_setglobal(L, 'math');
			lua.luaopen_coroutine(L);
			lua.lua_setglobal(L, 'coroutine');
		}
		// The full os table is only ever on the stack: its safe functions are copied out, then it is dropped.
		const preludeStatus = this.#loadText(L, prelude, '=prelude');
		if (preludeStatus !== LUA_OK) throw new Error(`Lua prelude does not load: ${this.#errorText(L)}`);
		lua.luaopen_os(L);
		lua.lua_createtable(L, 0, 4);
		for (const name of ['time', 'date', 'clock', 'difftime']) {
			lua.lua_getfield(L, -2, name);
			lua.lua_setfield(L, -2, name);
		}
		lua.lua_rotate(L, -2, -1);
		lua.lua_settop(L, -2);
		lua.lua_pushboolean(L, openLibs ? 1 : 0);
		if (lua.lua_pcallk(L, 2, 0, 0, 0, null) !== LUA_OK) throw new Error(`Lua prelude failed: ${this.#errorText(L)}`);
	}

	#loadText(L: number, text: string, chunkName: string): number {
		const raw = this.#raw;
		const length = raw.lengthBytesUTF8(text);
		const buffer = raw.stringToNewUTF8(text);
		try {
			return this.#lua.luaL_loadbufferx(L, buffer, length, chunkName, 't');
		} finally {
			raw._free(buffer);
		}
	}

	/** JSON-shaped data as Argo CD hands it to scripts: null is nil, arrays are sequences, whole numbers integers. */
	#pushValue(L: number, value: unknown, depth: number): void {
		const lua = this.#lua;
		if (value === null || value === undefined || depth > MAX_DEPTH) {
			lua.lua_pushnil(L);
		} else if (typeof value === 'boolean') {
			lua.lua_pushboolean(L, value ? 1 : 0);
		} else if (typeof value === 'number') {
			if (Number.isSafeInteger(value)) lua.lua_pushinteger(L, BigInt(value));
			else lua.lua_pushnumber(L, value);
		} else if (typeof value === 'string') {
			this.#pushString(L, value);
		} else if (Array.isArray(value)) {
			lua.luaL_checkstack(L, 3, null);
			lua.lua_createtable(L, value.length, 0);
			let index = 0;
			for (const item of value) {
				this.#pushValue(L, item, depth + 1);
				lua.lua_rawseti(L, -2, BigInt(++index));
			}
		} else if (typeof value === 'object') {
			lua.luaL_checkstack(L, 3, null);
			const entries = Object.entries(value as Record<string, unknown>).filter(([, item]) => item !== null && item !== undefined);
			lua.lua_createtable(L, 0, entries.length);
			for (const [key, item] of entries) {
				this.#pushString(L, key);
				this.#pushValue(L, item, depth + 1);
				lua.lua_rawset(L, -3);
			}
		} else {
			lua.lua_pushnil(L);
		}
	}

	/** Through the heap rather than the C stack: annotations can be large. */
	#pushString(L: number, text: string): void {
		const raw = this.#raw;
		const length = raw.lengthBytesUTF8(text);
		const buffer = raw.stringToNewUTF8(text);
		try {
			raw._lua_pushlstring(L, buffer, length);
		} finally {
			raw._free(buffer);
		}
	}

	#errorText(L: number): string {
		const lua = this.#lua;
		const type = lua.lua_type(L, -1);
		if (type === LUA_TSTRING || type === LUA_TNUMBER) return lua.lua_tolstring(L, -1, null);
		return `(error object is a ${lua.lua_typename(L, type)} value)`;
	}

	/** The script's return value; read with raw access only (no metamethod of the script's runs here). */
	#readReturned(L: number): ReturnedValue {
		const lua = this.#lua;
		const type = lua.lua_type(L, -1);
		if (type === LUA_TNIL) return {type: 'nil'};
		if (type !== LUA_TTABLE) return {type: 'other', luaType: lua.lua_typename(L, type)};
		const fields = new Map<string, ReturnedField>();
		lua.lua_pushnil(L);
		while (lua.lua_next(L, -2) !== 0) {
			// Only string keys are read as text: converting a number key in place would break the traversal.
			if (lua.lua_type(L, -2) === LUA_TSTRING) fields.set(lua.lua_tolstring(L, -2, null), this.#readField(L));
			lua.lua_settop(L, -2);
		}
		return {type: 'table', fields};
	}

	#readField(L: number): ReturnedField {
		const lua = this.#lua;
		const type = lua.lua_type(L, -1);
		if (type === LUA_TSTRING) return lua.lua_tolstring(L, -1, null);
		if (type === LUA_TNUMBER) return lua.lua_tonumberx(L, -1, null);
		if (type === LUA_TBOOLEAN) return lua.lua_toboolean(L, -1) !== 0;
		return {luaType: lua.lua_typename(L, type)};
	}
}
