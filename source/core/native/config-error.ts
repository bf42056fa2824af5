/** A problem in the config file, in one line: `driftwatch.yaml:7: apps[1].branch must be a string`. */
export class ConfigError extends Error {
	constructor(
		readonly file: string,
		readonly line: number | null,
		readonly problem: string,
	) {
		super(line === null ? `${file}: ${problem}` : `${file}:${line}: ${problem}`);
		this.name = 'ConfigError';
	}
}
