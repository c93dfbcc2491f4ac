/** What `scan --runtime` learns from the project's own Python (python/wirewarden_django_describe.py). */
export {};
//# sourceMappingURL=runtime-facts.js.map