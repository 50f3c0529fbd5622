/** @hearth/contract: the HTTP API's shapes and values, shared by the workers and the web app so a changed field fails the build, not the user. */

export * from "./accounts";
export * from "./albums";
export * from "./app-passwords";
export * from "./admin";
export * from "./drive";
export * from "./errors";
export * from "./partners";
export * from "./events";
export * from "./memories";
export * from "./photos";
export * from "./places";
export * from "./shares";
export * from "./updates";
