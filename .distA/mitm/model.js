/**
 * The attacks `prove` runs, one proxy and one client run each (two for the attacks with a second variant).
 * `direct-forge` is forge for a client that starts TLS without SSLRequest (libpq 17+ `sslnegotiation=direct`);
 * `error-reflect` answers SSLRequest with an error carrying a marker (CVE-2024-10977); `binding-downgrade` concerns
 * only clients set to `channel_binding=require`; downgrade runs last, in a channel another attack gave.
 */
export const ATTACKS = [
    "strip",
    "forge",
    "wrong-host",
    "direct-forge",
    "error-reflect",
    "binding-downgrade",
    "downgrade",
];
/** The attacks whose channel, once the client accepts it, downgrade runs in (in the order one is taken). */
export const CHANNEL_ATTACKS = ["strip", "forge", "wrong-host", "direct-forge"];
/** What the proxy (and the upstream relay) runs once a session is theirs: proof the login went through. */
export const PROOF_QUERY = "SELECT current_user";
//# sourceMappingURL=model.js.map