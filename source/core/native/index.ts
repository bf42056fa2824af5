// Native apps: the driftwatch config file.
export {loadConfig, type LoadConfigOptions, type LoadedConfig} from './load-config.js';
export {ConfigError} from './config-error.js';
export {parseConfig, type ParseConfigOptions} from './parse-config.js';
export {isRemoteRepo, resolveRepo} from './repo-location.js';
export {defaultConfig, type ContextSettings, type DriftwatchConfig, type NativeAppConfig} from './config-types.js';
