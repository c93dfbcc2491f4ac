export {};
//# sourceMappingURL=fleet.js.map