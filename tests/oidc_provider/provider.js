// A real OpenID Provider for the portal's SSO tests: the certified `oidc-provider`, set up
// the way SURFconext is seen from a service provider (authorization code flow, PKCE, a
// signed ID token, eduPerson claims), on 127.0.0.1 and a port of the system's choosing.
//
//   node provider.js        (the test fixture in tests/sso/conftest.py starts it)
//
// Environment: REGISTRATION_TOKEN (required): the initial access token for dynamic client
// registration, so each test registers the client it needs (with its own redirect URI).
// Prints one line, `listening <issuer>`, once it accepts connections; SIGTERM stops it.
//
// Accounts: any username signs in (there is no password: the IdP is not what is tested).
// Its claims are made from the username: `s1234567` gets eduperson_principal_name
// `s1234567@universiteit.example` and a schac_personal_unique_code URN holding it; a
// username with an `@` is taken as the whole principal name (a user of another
// institution). `nobody-knows-me` is simply a username no portal account has.
//
// Variants: a client registered with `test_variant` gets a wrongly made ID token from the
// real token endpoint (expired, signed with another key, for another audience, ...): what
// a broken or malicious provider, or a token injected on the way, looks like. Two more
// keep the eduPerson claims out of the ID token, so they come from UserInfo, as some
// providers do: `claims_in_userinfo` (all well), `userinfo_subject` (UserInfo about
// somebody else than the ID token).

import { createServer } from "node:http";
import { randomBytes } from "node:crypto";
import { URL, URLSearchParams } from "node:url";

import { Provider } from "oidc-provider";
import {
  SignJWT,
  base64url,
  decodeJwt,
  decodeProtectedHeader,
  exportJWK,
  generateKeyPair,
} from "jose";

const SCOPE = "universiteit.example";
const HOST = "127.0.0.1";
const VARIANTS = [
  "expired",
  "wrong_signature",
  "wrong_audience",
  "extra_audience",
  "wrong_issuer",
  "wrong_nonce",
  "unsigned",
  "claims_in_userinfo",
  "userinfo_subject",
];
const USERINFO_ONLY = new Set(["claims_in_userinfo", "userinfo_subject"]);
const PERSON_CLAIMS = ["eduperson_principal_name", "schac_personal_unique_code", "eduperson_affiliation", "name", "email"];

const registrationToken = process.env.REGISTRATION_TOKEN;
if (!registrationToken) {
  console.error("REGISTRATION_TOKEN must be set");
  process.exit(2);
}

// The provider's signing key, and a stranger's key with the same key id.
const KID = "test-signing-key";
const signing = await generateKeyPair("RS256", { extractable: true });
const stranger = await generateKeyPair("RS256", { extractable: true });
const signingJwk = { ...(await exportJWK(signing.privateKey)), kid: KID, alg: "RS256", use: "sig" };

function claimsOf(username) {
  const principal = username.includes("@") ? username : `${username}@${SCOPE}`;
  const [local, domain] = principal.split("@");
  return {
    sub: username,
    eduperson_principal_name: principal,
    schac_personal_unique_code: [`urn:schac:personalUniqueCode:nl:local:${domain}:studentid:${local}`],
    eduperson_affiliation: ["student", "member"],
    name: `Test ${local}`,
    email: principal,
  };
}

async function loadExistingGrant(ctx) {
  // First-party, like SURFconext after the user's first consent: grant what is asked.
  const { client, session } = ctx.oidc;
  const grantId = ctx.oidc.result?.consent?.grantId || session.grantIdFor(client.clientId);
  if (grantId) {
    return ctx.oidc.provider.Grant.find(grantId);
  }
  const grant = new ctx.oidc.provider.Grant({ clientId: client.clientId, accountId: session.accountId });
  grant.addOIDCScope([...ctx.oidc.requestParamScopes].join(" "));
  await grant.save();
  return grant;
}

const port = await new Promise((resolve) => {
  // Reserve the port first: the issuer URL has to name it.
  const probe = createServer();
  probe.listen(0, HOST, () => {
    const { port: chosen } = probe.address();
    probe.close(() => resolve(chosen));
  });
});
const issuer = `http://${HOST}:${port}`;

const provider = new Provider(issuer, {
  jwks: { keys: [signingJwk] },
  cookies: { keys: [randomBytes(32).toString("hex")] },
  findAccount: async (ctx, id) => ({ accountId: id, claims: async () => claimsOf(id) }),
  claims: {
    openid: ["sub", "eduperson_principal_name", "schac_personal_unique_code", "eduperson_affiliation"],
    profile: ["name"],
    email: ["email"],
  },
  features: {
    devInteractions: { enabled: false },
    registration: { enabled: true, initialAccessToken: registrationToken },
  },
  extraClientMetadata: {
    properties: ["test_variant"],
    validator(ctx, key, value) {
      if (key === "test_variant" && value !== undefined && !VARIANTS.includes(value)) {
        throw new Error(`unknown variant ${value}`);
      }
    },
  },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  loadExistingGrant,
  pkce: { required: () => true }, // the portal must always send PKCE
  responseTypes: ["code"],
  ttl: { IdToken: 3600, AccessToken: 600, AuthorizationCode: 60, Session: 3600, Interaction: 600, Grant: 3600 },
});

// ------------------------------------------------------------------ wrongly made ID tokens

async function sign(payload, key, header = {}) {
  return new SignJWT(payload).setProtectedHeader({ alg: "RS256", kid: KID, typ: "JWT", ...header }).sign(key);
}

async function remade(variant, idToken) {
  const payload = decodeJwt(idToken);
  const now = Math.floor(Date.now() / 1000);
  switch (variant) {
    case "expired":
      return sign({ ...payload, iat: now - 7200, exp: now - 3600 }, signing.privateKey);
    case "wrong_signature":
      return sign(payload, stranger.privateKey);
    case "wrong_audience":
      // Issued to another service; `azp` names the portal, which alone proves nothing.
      return sign({ ...payload, aud: "another-service", azp: payload.aud }, signing.privateKey);
    case "extra_audience":
      return sign({ ...payload, aud: [payload.aud, "another-service"], azp: payload.aud }, signing.privateKey);
    case "wrong_issuer":
      return sign({ ...payload, iss: "https://idp.elsewhere.example" }, signing.privateKey);
    case "wrong_nonce":
      return sign({ ...payload, nonce: "a-nonce-from-another-sign-in" }, signing.privateKey);
    case "unsigned": {
      const header = base64url.encode(JSON.stringify({ alg: "none", typ: "JWT" }));
      return `${header}.${base64url.encode(JSON.stringify(payload))}.`;
    }
    case "claims_in_userinfo":
    case "userinfo_subject": {
      const bare = { ...payload };
      for (const claim of PERSON_CLAIMS) delete bare[claim];
      return sign(bare, signing.privateKey);
    }
    default:
      throw new Error(`unknown variant ${variant}`);
  }
}

provider.use(async (ctx, next) => {
  await next();
  const variant = ctx.oidc?.client?.test_variant;
  if (!variant) return;
  if (ctx.oidc.route === "token" && ctx.body?.id_token) {
    decodeProtectedHeader(ctx.body.id_token); // a real token came out first
    ctx.body = { ...ctx.body, id_token: await remade(variant, ctx.body.id_token) };
  }
  if (ctx.oidc.route === "userinfo" && variant === "userinfo_subject" && ctx.body?.sub) {
    // UserInfo about somebody else than the ID token (OIDC Core 5.3.2).
    ctx.body = { ...ctx.body, sub: "somebody-else" };
  }
});

// ------------------------------------------------------------------ the sign-in page

function escape(text) {
  return String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function page(uid, clientId) {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Test identity provider</title></head>
<body>
<main>
<h1>Test identity provider</h1>
<p>Signing in to ${escape(clientId)}. Any username signs in; there is no password.</p>
<form method="post" action="/interaction/${escape(uid)}">
  <label for="login">Username</label>
  <input id="login" name="login" autocomplete="off" required>
  <button type="submit" name="action" value="login">Sign in</button>
  <button type="submit" name="action" value="cancel" formnovalidate>Cancel</button>
</form>
</main>
</body>
</html>`;
}

async function readForm(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
}

async function interaction(req, res, uid) {
  const details = await provider.interactionDetails(req, res);
  if (details.uid !== uid) {
    res.writeHead(400).end("interaction mismatch");
    return;
  }
  if (req.method === "GET") {
    res.writeHead(200, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" });
    res.end(page(uid, details.params.client_id));
    return;
  }
  const form = await readForm(req);
  let result;
  if (form.get("action") === "cancel") {
    result = { error: "access_denied", error_description: "End-User cancelled the sign-in" };
  } else if (details.prompt.name === "login" && form.get("login")) {
    result = { login: { accountId: form.get("login").trim() } };
  } else {
    res.writeHead(400).end("nothing to do");
    return;
  }
  await provider.interactionFinished(req, res, result, { mergeWithLastSubmission: false });
}

const handle = provider.callback();
const server = createServer((req, res) => {
  const match = new URL(req.url, issuer).pathname.match(/^\/interaction\/([\w-]+)$/);
  if (!match) {
    handle(req, res);
    return;
  }
  interaction(req, res, match[1]).catch((error) => {
    console.error(error);
    if (!res.headersSent) res.writeHead(400, { "content-type": "text/plain" });
    res.end(String(error.message || error));
  });
});

server.listen(port, HOST, () => console.log(`listening ${issuer}`));
for (const signal of ["SIGTERM", "SIGINT"]) {
  process.on(signal, () => server.close(() => process.exit(0)));
}
