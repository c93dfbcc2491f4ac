/**
 * libpq's sslmode, once for the whole tool: the modes libpq knows, their order from weakest to strongest, and what
 * each protects against, in the words a report or a diagram can carry. The rules judge with these; the diagram
 * and the evidence describe with them; nothing else spells a mode's meaning out again.
 */
/** The modes libpq accepts; any other value makes it refuse to connect. */
export const SSLMODES = ["disable", "allow", "prefer", "require", "verify-ca", "verify-full"];
export function isSslmode(value) {
    return SSLMODES.includes(value);
}
/** Weakest (0, disable) to strongest (5, verify-full); undefined for what libpq does not know. */
export function sslmodeStrength(mode) {
    return isSslmode(mode) ? SSLMODES.indexOf(mode) : undefined;
}
export const VERIFY_FULL_STRENGTH = SSLMODES.indexOf("verify-full");
/** verify-ca and verify-full check the server's certificate; every other mode accepts whoever answers. */
export function verifiesServer(mode) {
    return mode === "verify-ca" || mode === "verify-full";
}
/** What a connection with this mode is protected against, in a few words ("unknown" for anything else). */
export function sslmodeProtection(mode) {
    switch (mode) {
        case "verify-full":
            return "TLS, host verified";
        case "verify-ca":
            return "TLS, CA verified, host not checked";
        case "require":
            return "TLS, certificate not checked";
        case "prefer":
        case "allow":
            return "plaintext possible";
        case "disable":
            return "plaintext";
        default:
            return "unknown";
    }
}
//# sourceMappingURL=sslmode.js.map