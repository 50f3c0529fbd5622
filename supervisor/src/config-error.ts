/** A setting Hearth cannot start with; its message says what to change. */
export class ConfigError extends Error {}
