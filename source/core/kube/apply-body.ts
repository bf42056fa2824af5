/**
 * A server-side apply body. The apply content type is YAML, and a YAML stream may not hold DEL or C1 control
 * characters (a real kube-apiserver refuses the whole body: "control characters are not allowed"), although
 * JSON.stringify leaves them raw inside strings. Written as \u escapes they mean the same in JSON and YAML.
 * Only strings can hold them, so escaping the text escapes exactly the string contents.
 */
export function applyBody(object: unknown): string {
	return JSON.stringify(object).replace(
		/[\u007f-\u0084\u0086-\u009f\ufffe\uffff]/g,
		char => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
	);
}
