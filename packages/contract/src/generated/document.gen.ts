// Generated from openapi/portal.yaml by `pnpm generate` (packages/contract/scripts/generate-facts.mjs): the whole document, as data.
// Do not edit.
import type { OpenApiDocument } from '../openapi-document.js';

const document = {
  "openapi": "3.1.0",
  "info": {
    "title": "Portal API",
    "version": "1.0.0",
    "summary": "Client portal authentication, profile and document endpoints.",
    "description": "The client-portal API of a multi-tenant business platform. A portal user signs in with a magic link\nsent by mail, receives a short-lived access token (JWT) and a rotating refresh token, and reads their\nprofile, their client, the portal sections their tenant enabled, their dashboard figures and the orders,\nestimates and invoices behind them.\n\nWho is asking always comes from the access token: no operation takes a tenant, client or user id.\n\nEvery error is `application/problem+json` (RFC 9457) with at least `title`, `detail`, `time` and `status`,\nand a machine-readable `code` from the closed list of the `Problem` schema.\n",
    "license": {
      "name": "MIT",
      "identifier": "MIT"
    },
    "contact": {
      "name": "Portal maintainers"
    }
  },
  "servers": [
    {
      "url": "http://localhost:18080",
      "description": "Local development server"
    }
  ],
  "tags": [
    {
      "name": "Portal",
      "description": "Client portal authentication and profile endpoints."
    }
  ],
  "security": [
    {
      "bearerAuth": []
    }
  ],
  "paths": {
    "/api/v1/portal/auth/request-magic-link": {
      "post": {
        "operationId": "requestMagicLink",
        "tags": [
          "Portal"
        ],
        "summary": "Request a magic link for portal access",
        "description": "Sends a single-use sign-in link to the portal user with this email in the tenant with this code.\n\nRules:\n- White space around the email and the tenant code is removed before they are checked (phone\n  keyboards add a space), the tenant code is lower-cased, and the email is compared\n  case-insensitively: `\" Ada@Example.com \"` of `\" Demo\"` signs in as `ada@example.com` of `demo`.\n- The answer is `204` for every well-formed request, whether or not the tenant or the user exists\n  and whether or not the user is active, so that a stranger cannot learn which emails are registered.\n- The link expires after 15 minutes (configurable) and can be redeemed once, with `validate`.\n- Mail is delivered in the background from an outbox; it is never sent on the request path.\n- Limited per (tenant, email) and per IP address: over the limit the answer is `429` with `Retry-After`.\n",
        "security": [],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/MagicLinkRequest"
              },
              "examples": {
                "demo": {
                  "summary": "A demo user",
                  "value": {
                    "email": "ada@example.com",
                    "tenantCode": "demo"
                  }
                }
              }
            }
          }
        },
        "responses": {
          "204": {
            "description": "Accepted. If the user exists and is active, a link is on its way."
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "413": {
            "$ref": "#/components/responses/PayloadTooLarge"
          },
          "415": {
            "$ref": "#/components/responses/UnsupportedMediaType"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          },
          "500": {
            "$ref": "#/components/responses/InternalError"
          },
          "503": {
            "$ref": "#/components/responses/ServiceUnavailable"
          }
        }
      }
    },
    "/api/v1/portal/auth/validate": {
      "post": {
        "operationId": "validateMagicLink",
        "tags": [
          "Portal"
        ],
        "summary": "Validate a portal magic link token and receive auth tokens",
        "description": "Redeems a magic-link token for an access token and a refresh token.\n\nRules:\n- The token must exist, be unexpired and unused. It is consumed atomically: of any number of\n  concurrent calls with the same token, exactly one succeeds.\n- An invalid, expired or already used token gets `401` with the same generic detail.\n- The user and its tenant must still be active.\n- Each success starts a new sign-in, with its own refresh tokens (see `refresh` for how long it lasts).\n- Limited per IP address: over the limit the answer is `429` with `Retry-After`.\n",
        "security": [],
        "parameters": [
          {
            "name": "Portal-Session",
            "in": "header",
            "required": false,
            "description": "`cookie` asks for cookie mode, for browser apps: the refresh token is set as an `HttpOnly` cookie\nrather than returned to script (see the `RefreshCookie` header). A custom header: a cross-site\nform cannot send it, and another origin's script only after a CORS preflight, which is answered\nto the allowed origins only.\n",
            "schema": {
              "type": "string",
              "enum": [
                "cookie"
              ]
            }
          },
          {
            "name": "token",
            "in": "query",
            "required": true,
            "description": "The token from the magic link.",
            "schema": {
              "type": "string",
              "minLength": 1,
              "maxLength": 512
            },
            "example": "q7m1I0s0b6Zq3v3cXlq3Nq2t7B1v1oK4m0e8M3f0k1A"
          }
        ],
        "responses": {
          "200": {
            "$ref": "#/components/responses/AuthTokens"
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/InvalidCredentials"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          },
          "500": {
            "$ref": "#/components/responses/InternalError"
          },
          "503": {
            "$ref": "#/components/responses/ServiceUnavailable"
          }
        }
      }
    },
    "/api/v1/portal/auth/verify-code": {
      "post": {
        "operationId": "verifyCode",
        "tags": [
          "Portal"
        ],
        "summary": "Sign in with the one-time code of a sign-in mail",
        "description": "Signs in with the code printed in the sign-in mail, beside the link: for the person who asked for\nthe link on one device and reads the mail on another. Answers exactly what `validate` answers.\n\nRules:\n- The email and the tenant code are read as `request-magic-link` reads them (trimmed; the tenant\n  code lower-cased; the email compared case-insensitively). The code is compared case-insensitively,\n  with or without its hyphen.\n- Only the code of the latest sign-in mail of that email and tenant counts, while its link is\n  unexpired and unused: asking for a new mail voids the code of the previous one.\n- Using the code spends the link and using the link spends the code.\n- After 5 wrong codes (configurable) for one mail, its link and code are void: ask for a new mail.\n- A wrong, expired, used or void code, and an unknown email or tenant, get `401` with the same\n  generic detail.\n- Limited per (tenant, email) and per IP address: over the limit the answer is `429` with `Retry-After`.\n",
        "security": [],
        "parameters": [
          {
            "name": "Portal-Session",
            "in": "header",
            "required": false,
            "description": "`cookie` asks for cookie mode, for browser apps: the refresh token is set as an `HttpOnly` cookie\nrather than returned to script (see the `RefreshCookie` header). A custom header: a cross-site\nform cannot send it, and another origin's script only after a CORS preflight, which is answered\nto the allowed origins only.\n",
            "schema": {
              "type": "string",
              "enum": [
                "cookie"
              ]
            }
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/VerifyCodeRequest"
              },
              "examples": {
                "demo": {
                  "summary": "A demo user",
                  "value": {
                    "email": "ada@example.com",
                    "tenantCode": "demo",
                    "code": "7KQM-P3XR"
                  }
                }
              }
            }
          }
        },
        "responses": {
          "200": {
            "$ref": "#/components/responses/AuthTokens"
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/InvalidCredentials"
          },
          "413": {
            "$ref": "#/components/responses/PayloadTooLarge"
          },
          "415": {
            "$ref": "#/components/responses/UnsupportedMediaType"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          },
          "500": {
            "$ref": "#/components/responses/InternalError"
          },
          "503": {
            "$ref": "#/components/responses/ServiceUnavailable"
          }
        }
      }
    },
    "/api/v1/portal/auth/refresh": {
      "post": {
        "operationId": "refreshSession",
        "tags": [
          "Portal"
        ],
        "summary": "Exchange a refresh token for a new token pair",
        "description": "Rotates the refresh token: the presented token stops working and a new access and refresh token\nare returned.\n\nRules:\n- A refresh token can be used once. A sign-in lasts at most 30 days from its magic link however often\n  it is refreshed, and ends after 30 days without a refresh (both configurable).\n- Presenting a refresh token that was already rotated ends the whole sign-in (reuse detection, OAuth 2.0\n  Security Best Current Practice, RFC 9700, section 4.14.2): its refresh tokens and its access tokens\n  stop working at once, and the user must sign in again.\n- Except within 10 seconds (configurable) of its rotation: presenting it again then returns its\n  successor (the same refresh token, a new access token), so that two tabs refreshing at once, or a\n  retry after a lost answer, do not sign the user out.\n- An unknown, expired, rotated or revoked token, or one of a sign-in that ended, gets `401` with the\n  same generic detail.\n- Limited per IP address: over the limit the answer is `429` with `Retry-After`.\n- Cookie mode (`Portal-Session: cookie`): with no `refreshToken` in the body, the refresh cookie is\n  the token, and the request must come from an allowed origin (`Origin`) with that header, else `403`\n  `csrf_refused` and nothing changes. The successor is set as the cookie; the body's `refreshToken`\n  is then empty. Two tabs presenting the same cookie within the grace period both receive the same\n  successor cookie.\n",
        "security": [],
        "parameters": [
          {
            "name": "Portal-Session",
            "in": "header",
            "required": false,
            "description": "`cookie` asks for cookie mode, for browser apps: the refresh token is set as an `HttpOnly` cookie\nrather than returned to script (see the `RefreshCookie` header). A custom header: a cross-site\nform cannot send it, and another origin's script only after a CORS preflight, which is answered\nto the allowed origins only.\n",
            "schema": {
              "type": "string",
              "enum": [
                "cookie"
              ]
            }
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/RefreshRequest"
              },
              "examples": {
                "refresh": {
                  "value": {
                    "refreshToken": "Jx0mYt8kq2V7c1sQ3a9Z0b4n6m8p1r3t5v7x9z1B2dE"
                  }
                }
              }
            }
          }
        },
        "responses": {
          "200": {
            "$ref": "#/components/responses/AuthTokens"
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/InvalidCredentials"
          },
          "403": {
            "$ref": "#/components/responses/CsrfRefused"
          },
          "413": {
            "$ref": "#/components/responses/PayloadTooLarge"
          },
          "415": {
            "$ref": "#/components/responses/UnsupportedMediaType"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          },
          "500": {
            "$ref": "#/components/responses/InternalError"
          },
          "503": {
            "$ref": "#/components/responses/ServiceUnavailable"
          }
        }
      }
    },
    "/api/v1/portal/auth/logout": {
      "post": {
        "operationId": "logout",
        "tags": [
          "Portal"
        ],
        "summary": "Sign out and end the refresh token's sign-in",
        "description": "Ends the sign-in of the refresh token: its refresh tokens stop working at once, and so do its access\ntokens, which are refused (`401`) from the next request on.\n\nRules:\n- Requires a valid access token; the refresh token must belong to the same user, otherwise nothing\n  is revoked. The answer is `204` whether or not the sign-in was still active.\n- `scope` (a query parameter, so the body keeps its shape) says which sign-ins end: `local` (the\n  default, and the only behaviour of clients that send no scope) ends the refresh token's sign-in;\n  `others` ends every other sign-in of the user and keeps the one of the access token; `global` ends\n  every sign-in of the user, this one included. Any other value is `400` and ends nothing.\n- Cookie mode (`Portal-Session: cookie`): with no `refreshToken` in the body, the refresh cookie is\n  the token (same origin and header rules as `refresh`, else `403` `csrf_refused`). The cookie goes\n  with the sign-in it holds: `global` clears it (`Set-Cookie` with `Max-Age=0`), and so does `local`\n  when it ends the cookie's sign-in (the cookie's token, or the same one in the body); `others`, and\n  a `local` logout of another sign-in's token sent in the body, keep it.\n",
        "parameters": [
          {
            "name": "Portal-Session",
            "in": "header",
            "required": false,
            "description": "`cookie` asks for cookie mode, for browser apps: the refresh token is set as an `HttpOnly` cookie\nrather than returned to script (see the `RefreshCookie` header). A custom header: a cross-site\nform cannot send it, and another origin's script only after a CORS preflight, which is answered\nto the allowed origins only.\n",
            "schema": {
              "type": "string",
              "enum": [
                "cookie"
              ]
            }
          },
          {
            "name": "scope",
            "in": "query",
            "required": false,
            "schema": {
              "$ref": "#/components/schemas/LogoutScope"
            }
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/RefreshRequest"
              },
              "examples": {
                "logout": {
                  "value": {
                    "refreshToken": "Jx0mYt8kq2V7c1sQ3a9Z0b4n6m8p1r3t5v7x9z1B2dE"
                  }
                }
              }
            }
          }
        },
        "responses": {
          "204": {
            "description": "Signed out.",
            "headers": {
              "Set-Cookie": {
                "$ref": "#/components/headers/ClearedRefreshCookie"
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/CsrfRefused"
          },
          "413": {
            "$ref": "#/components/responses/PayloadTooLarge"
          },
          "415": {
            "$ref": "#/components/responses/UnsupportedMediaType"
          },
          "500": {
            "$ref": "#/components/responses/InternalError"
          },
          "503": {
            "$ref": "#/components/responses/ServiceUnavailable"
          }
        }
      }
    },
    "/api/v1/portal/sessions": {
      "get": {
        "operationId": "listSessions",
        "tags": [
          "Portal"
        ],
        "summary": "List where the user is signed in",
        "description": "The signed-in user's live sign-ins (sessions), the one of the access token included, most recently\nused first.\n\nRules:\n- Only the caller's own sign-ins, never another user's, and never one that ended (signed out,\n  revoked, past its absolute end).\n- `device` is read from the user agent the sign-in started with (\"Firefox on Windows\"); `network` is\n  a coarse hint of the address it started from (the first two parts of an IPv4 address, the first\n  32 bits of an IPv6 one), never the full address, or `null`.\n- `current` is `true` for the sign-in of the access token of this request.\n- Takes no query parameter and no body: either answers `400` with field errors.\n",
        "responses": {
          "200": {
            "description": "The user's live sign-ins.",
            "headers": {
              "Cache-Control": {
                "$ref": "#/components/headers/CacheControlNoStore"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/SessionList"
                },
                "examples": {
                  "two": {
                    "value": {
                      "items": [
                        {
                          "id": "0b6f5a3e-5c1d-4a8e-9f2b-7c4d1e3a5b60",
                          "createdAt": "2026-11-27T09:00:00Z",
                          "lastUsedAt": "2026-11-27T10:15:00Z",
                          "expiresAt": "2026-12-27T09:00:00Z",
                          "device": "Firefox on Windows",
                          "network": "203.0.x.x",
                          "current": true
                        },
                        {
                          "id": "6d2c9b1a-0e4f-4b7d-8a3c-1f5e7d9b2c48",
                          "createdAt": "2026-11-20T18:30:00Z",
                          "lastUsedAt": "2026-11-26T21:02:00Z",
                          "expiresAt": "2026-12-20T18:30:00Z",
                          "device": "Safari on iOS",
                          "network": null,
                          "current": false
                        }
                      ]
                    }
                  }
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "500": {
            "$ref": "#/components/responses/InternalError"
          },
          "503": {
            "$ref": "#/components/responses/ServiceUnavailable"
          }
        }
      }
    },
    "/api/v1/portal/sessions/{sessionId}": {
      "delete": {
        "operationId": "endSession",
        "tags": [
          "Portal"
        ],
        "summary": "End one of the user's sign-ins",
        "description": "Ends one sign-in of the signed-in user, as signing out on that device would: its refresh tokens\nstop working at once, and its access tokens are refused (`401`) from their next request on.\n\nRules:\n- `sessionId` is an `id` from the list. An id of another user's sign-in, of one that already\n  ended, or of none at all answers the same `404`, so ids cannot be probed.\n- Ending the sign-in of the access token of this request is a logout: the token stops working.\n- A malformed id answers `400` with field errors and ends nothing.\n",
        "parameters": [
          {
            "name": "sessionId",
            "in": "path",
            "required": true,
            "schema": {
              "type": "string",
              "format": "uuid"
            }
          }
        ],
        "responses": {
          "204": {
            "description": "The sign-in ended."
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "500": {
            "$ref": "#/components/responses/InternalError"
          },
          "503": {
            "$ref": "#/components/responses/ServiceUnavailable"
          }
        }
      }
    },
    "/api/v1/portal/client": {
      "get": {
        "operationId": "getClient",
        "tags": [
          "Portal"
        ],
        "summary": "Get current portal client profile",
        "description": "The client (the customer company or person) the signed-in portal user belongs to.\n\nRules:\n- `email`, `phone`, `billingAddress` and `avatar` are `null` when the client has none.\n- `latitude` and `longitude` are `null` when the address was never geocoded.\n",
        "responses": {
          "200": {
            "description": "The user's client.",
            "headers": {
              "Cache-Control": {
                "$ref": "#/components/headers/CacheControlNoStore"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/PortalClient"
                },
                "examples": {
                  "client": {
                    "value": {
                      "id": "7d0f3b0e-8a51-4f0c-9a53-0e6f6f1f6b11",
                      "name": "Lovelace Engineering Ltd",
                      "email": "office@lovelace.example",
                      "phone": "+44 20 7946 0000",
                      "billingAddress": {
                        "id": "1b0c9c8e-3f0a-4c55-a6a4-2c6a2f4d2e10",
                        "street": "Baker Street",
                        "houseNumber": "221B",
                        "postalCode": "NW1 6XE",
                        "city": "London",
                        "country": "GB",
                        "latitude": 51.5237,
                        "longitude": -0.1585
                      },
                      "avatar": {
                        "blobId": "blob-logo-lovelace",
                        "thumbnailBlobId": "blob-logo-lovelace-thumb",
                        "width": 512,
                        "height": 512
                      }
                    }
                  }
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "500": {
            "$ref": "#/components/responses/InternalError"
          },
          "503": {
            "$ref": "#/components/responses/ServiceUnavailable"
          }
        }
      }
    },
    "/api/v1/portal/dashboard/stats": {
      "get": {
        "operationId": "getDashboardStats",
        "tags": [
          "Portal"
        ],
        "summary": "Get portal dashboard statistics",
        "description": "Figures for the signed-in user's client, computed on every call.\n\nDefinitions:\n- `openOrders`: orders whose status is `open` or `in_progress`.\n- `pendingEstimates`: estimates with status `sent` (sent to the client, awaiting a decision) whose\n  validity date is today or later, or that have none.\n- `unpaidInvoices`: issued invoices (status neither `draft` nor `void`) whose paid amount is below\n  their total.\n- `totalOutstanding`: the sum of (total - paid) over those invoices, in major units of `currency`,\n  exact to the currency's minor unit.\n- `currency`: the tenant's ISO 4217 currency code.\n\nSections: a figure counts only what the tenant's enabled sections show. Each figure belongs to\nthe list it counts, and is `0` (an amount of `0`) while none of the sections that open that list\nis enabled, exactly when the list answers `403`: `unpaidInvoices` and `totalOutstanding` need\n`finance`, `pendingEstimates` needs `configurator`, `openOrders` needs `finance` or\n`configurator`. The fields and their types stay the same whatever the sections.\n",
        "responses": {
          "200": {
            "description": "The dashboard figures.",
            "headers": {
              "Cache-Control": {
                "$ref": "#/components/headers/CacheControlNoStore"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/DashboardStats"
                },
                "examples": {
                  "stats": {
                    "value": {
                      "currency": "EUR",
                      "openOrders": 3,
                      "pendingEstimates": 1,
                      "unpaidInvoices": 2,
                      "totalOutstanding": 1250.5
                    }
                  }
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "500": {
            "$ref": "#/components/responses/InternalError"
          },
          "503": {
            "$ref": "#/components/responses/ServiceUnavailable"
          }
        }
      }
    },
    "/api/v1/portal/invoices": {
      "get": {
        "operationId": "listInvoices",
        "tags": [
          "Portal"
        ],
        "summary": "List the client's invoices",
        "description": "The invoices of the signed-in user's client, newest first, a page at a time.\n\nRules:\n- Requires the tenant's `finance` section; without it the answer is `403`.\n- Sorted by issue date (`issuedAt`) descending, then by id descending.\n- `state=unpaid` keeps exactly the invoices that the dashboard figure counts (`unpaidInvoices`; their `outstanding` amounts add up to `totalOutstanding`), so a list\n  filtered so has as many items as the figure says. `status` keeps those with that status; both\n  filters together keep those that pass both.\n- Paging: `limit` items per page (default 20, at most 100); `nextCursor` of an answer, passed back as\n  `cursor` with the same filters, gives the next page; it is `null` on the last page. Records added\n  between two pages do not shift the pages (keyset pagination). A cursor is opaque and answers `400`\n  when it was not issued to this user for this list and these filters, or was altered.\n",
        "parameters": [
          {
            "name": "state",
            "in": "query",
            "required": false,
            "description": "Keeps the invoices the dashboard figure counts (`unpaidInvoices`; their `outstanding` amounts add up to `totalOutstanding`).",
            "schema": {
              "type": "string",
              "enum": [
                "unpaid"
              ]
            }
          },
          {
            "name": "status",
            "in": "query",
            "required": false,
            "description": "Keeps the invoices with this status.",
            "schema": {
              "type": "string",
              "enum": [
                "issued",
                "paid",
                "void"
              ]
            }
          },
          {
            "name": "limit",
            "in": "query",
            "required": false,
            "description": "Items per page.",
            "schema": {
              "type": "integer",
              "minimum": 1,
              "maximum": 100,
              "default": 20
            }
          },
          {
            "name": "cursor",
            "in": "query",
            "required": false,
            "description": "The `nextCursor` of the previous page, with the same filters.",
            "schema": {
              "type": "string",
              "minLength": 1,
              "maxLength": 512,
              "pattern": "^[A-Za-z0-9_-]+$"
            }
          }
        ],
        "responses": {
          "200": {
            "description": "A page of invoices.",
            "headers": {
              "Cache-Control": {
                "$ref": "#/components/headers/CacheControlNoStore"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/InvoicePage"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/SectionDisabled"
          },
          "500": {
            "$ref": "#/components/responses/InternalError"
          },
          "503": {
            "$ref": "#/components/responses/ServiceUnavailable"
          }
        }
      }
    },
    "/api/v1/portal/invoices/{invoiceId}": {
      "get": {
        "operationId": "getInvoice",
        "tags": [
          "Portal"
        ],
        "summary": "Get one of the client's invoices",
        "description": "One invoice of the signed-in user's client.\n\nRules:\n- Requires the tenant's `finance` section; without it the answer is `403`.\n- An id of another client's or tenant's invoice answers `404`, exactly as an id that does not exist.\n",
        "parameters": [
          {
            "name": "invoiceId",
            "in": "path",
            "required": true,
            "schema": {
              "type": "string",
              "format": "uuid"
            }
          }
        ],
        "responses": {
          "200": {
            "description": "The invoice.",
            "headers": {
              "Cache-Control": {
                "$ref": "#/components/headers/CacheControlNoStore"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Invoice"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/SectionDisabled"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "500": {
            "$ref": "#/components/responses/InternalError"
          },
          "503": {
            "$ref": "#/components/responses/ServiceUnavailable"
          }
        }
      }
    },
    "/api/v1/portal/orders": {
      "get": {
        "operationId": "listOrders",
        "tags": [
          "Portal"
        ],
        "summary": "List the client's orders",
        "description": "The orders of the signed-in user's client, newest first, a page at a time.\n\nRules:\n- Requires the tenant's `finance` or `configurator` section (an order is what an accepted estimate becomes and what invoices bill); with neither the answer is `403`.\n- Sorted by order date (`orderedAt`) descending, then by id descending.\n- `state=open` keeps exactly the orders that the dashboard figure counts (`openOrders`), so a list\n  filtered so has as many items as the figure says. `status` keeps those with that status; both\n  filters together keep those that pass both.\n- Paging: `limit` items per page (default 20, at most 100); `nextCursor` of an answer, passed back as\n  `cursor` with the same filters, gives the next page; it is `null` on the last page. Records added\n  between two pages do not shift the pages (keyset pagination). A cursor is opaque and answers `400`\n  when it was not issued to this user for this list and these filters, or was altered.\n",
        "parameters": [
          {
            "name": "state",
            "in": "query",
            "required": false,
            "description": "Keeps the orders the dashboard figure counts (`openOrders`).",
            "schema": {
              "type": "string",
              "enum": [
                "open"
              ]
            }
          },
          {
            "name": "status",
            "in": "query",
            "required": false,
            "description": "Keeps the orders with this status.",
            "schema": {
              "type": "string",
              "enum": [
                "open",
                "in_progress",
                "completed",
                "cancelled"
              ]
            }
          },
          {
            "name": "limit",
            "in": "query",
            "required": false,
            "description": "Items per page.",
            "schema": {
              "type": "integer",
              "minimum": 1,
              "maximum": 100,
              "default": 20
            }
          },
          {
            "name": "cursor",
            "in": "query",
            "required": false,
            "description": "The `nextCursor` of the previous page, with the same filters.",
            "schema": {
              "type": "string",
              "minLength": 1,
              "maxLength": 512,
              "pattern": "^[A-Za-z0-9_-]+$"
            }
          }
        ],
        "responses": {
          "200": {
            "description": "A page of orders.",
            "headers": {
              "Cache-Control": {
                "$ref": "#/components/headers/CacheControlNoStore"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/OrderPage"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/SectionDisabled"
          },
          "500": {
            "$ref": "#/components/responses/InternalError"
          },
          "503": {
            "$ref": "#/components/responses/ServiceUnavailable"
          }
        }
      }
    },
    "/api/v1/portal/orders/{orderId}": {
      "get": {
        "operationId": "getOrder",
        "tags": [
          "Portal"
        ],
        "summary": "Get one of the client's orders",
        "description": "One order of the signed-in user's client.\n\nRules:\n- Requires the tenant's `finance` or `configurator` section (an order is what an accepted estimate becomes and what invoices bill); with neither the answer is `403`.\n- An id of another client's or tenant's order answers `404`, exactly as an id that does not exist.\n",
        "parameters": [
          {
            "name": "orderId",
            "in": "path",
            "required": true,
            "schema": {
              "type": "string",
              "format": "uuid"
            }
          }
        ],
        "responses": {
          "200": {
            "description": "The order.",
            "headers": {
              "Cache-Control": {
                "$ref": "#/components/headers/CacheControlNoStore"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Order"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/SectionDisabled"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "500": {
            "$ref": "#/components/responses/InternalError"
          },
          "503": {
            "$ref": "#/components/responses/ServiceUnavailable"
          }
        }
      }
    },
    "/api/v1/portal/estimates": {
      "get": {
        "operationId": "listEstimates",
        "tags": [
          "Portal"
        ],
        "summary": "List the client's estimates",
        "description": "The estimates of the signed-in user's client, newest first, a page at a time.\n\nRules:\n- Requires the tenant's `configurator` section; without it the answer is `403`.\n- Sorted by creation date (`createdAt`) descending, then by id descending.\n- `state=pending` keeps exactly the estimates that the dashboard figure counts (`pendingEstimates`), so a list\n  filtered so has as many items as the figure says. `status` keeps those with that status; both\n  filters together keep those that pass both.\n- Paging: `limit` items per page (default 20, at most 100); `nextCursor` of an answer, passed back as\n  `cursor` with the same filters, gives the next page; it is `null` on the last page. Records added\n  between two pages do not shift the pages (keyset pagination). A cursor is opaque and answers `400`\n  when it was not issued to this user for this list and these filters, or was altered.\n",
        "parameters": [
          {
            "name": "state",
            "in": "query",
            "required": false,
            "description": "Keeps the estimates the dashboard figure counts (`pendingEstimates`).",
            "schema": {
              "type": "string",
              "enum": [
                "pending"
              ]
            }
          },
          {
            "name": "status",
            "in": "query",
            "required": false,
            "description": "Keeps the estimates with this status.",
            "schema": {
              "type": "string",
              "enum": [
                "sent",
                "accepted",
                "declined"
              ]
            }
          },
          {
            "name": "limit",
            "in": "query",
            "required": false,
            "description": "Items per page.",
            "schema": {
              "type": "integer",
              "minimum": 1,
              "maximum": 100,
              "default": 20
            }
          },
          {
            "name": "cursor",
            "in": "query",
            "required": false,
            "description": "The `nextCursor` of the previous page, with the same filters.",
            "schema": {
              "type": "string",
              "minLength": 1,
              "maxLength": 512,
              "pattern": "^[A-Za-z0-9_-]+$"
            }
          }
        ],
        "responses": {
          "200": {
            "description": "A page of estimates.",
            "headers": {
              "Cache-Control": {
                "$ref": "#/components/headers/CacheControlNoStore"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/EstimatePage"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/SectionDisabled"
          },
          "500": {
            "$ref": "#/components/responses/InternalError"
          },
          "503": {
            "$ref": "#/components/responses/ServiceUnavailable"
          }
        }
      }
    },
    "/api/v1/portal/estimates/{estimateId}": {
      "get": {
        "operationId": "getEstimate",
        "tags": [
          "Portal"
        ],
        "summary": "Get one of the client's estimates",
        "description": "One estimate of the signed-in user's client.\n\nRules:\n- Requires the tenant's `configurator` section; without it the answer is `403`.\n- An id of another client's or tenant's estimate answers `404`, exactly as an id that does not exist.\n",
        "parameters": [
          {
            "name": "estimateId",
            "in": "path",
            "required": true,
            "schema": {
              "type": "string",
              "format": "uuid"
            }
          }
        ],
        "responses": {
          "200": {
            "description": "The estimate.",
            "headers": {
              "Cache-Control": {
                "$ref": "#/components/headers/CacheControlNoStore"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Estimate"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/SectionDisabled"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "500": {
            "$ref": "#/components/responses/InternalError"
          },
          "503": {
            "$ref": "#/components/responses/ServiceUnavailable"
          }
        }
      }
    },
    "/api/v1/portal/me": {
      "get": {
        "operationId": "getMe",
        "tags": [
          "Portal"
        ],
        "summary": "Get current portal user profile",
        "description": "The signed-in portal user.\n\nRules:\n- `avatar` is `null` when the user has none.\n",
        "responses": {
          "200": {
            "description": "The signed-in user.",
            "headers": {
              "Cache-Control": {
                "$ref": "#/components/headers/CacheControlNoStore"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/PortalMe"
                },
                "examples": {
                  "me": {
                    "value": {
                      "id": "3f2b8a8e-2d0c-4d7a-9a0e-1f3c5b7d9e21",
                      "email": "ada@example.com",
                      "firstName": "Ada",
                      "lastName": "Lovelace",
                      "clientId": "7d0f3b0e-8a51-4f0c-9a53-0e6f6f1f6b11",
                      "clientName": "Lovelace Engineering Ltd",
                      "avatar": null
                    }
                  }
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "500": {
            "$ref": "#/components/responses/InternalError"
          },
          "503": {
            "$ref": "#/components/responses/ServiceUnavailable"
          }
        }
      }
    },
    "/api/v1/portal/me/avatar": {
      "put": {
        "operationId": "setMyAvatar",
        "tags": [
          "Portal"
        ],
        "summary": "Set the signed-in user's own picture",
        "description": "Replaces the signed-in user's avatar with the image in the body and answers the new `avatar`; `GET /me`\nshows it from now on.\n\nRules:\n- The body is the image itself (not multipart), sent as `image/png`, `image/jpeg` or `image/webp`\n  (anything else gets `415`). The image is recognised by its content, never by its `Content-Type` or a\n  name: a PNG sent as `image/jpeg` is stored as the PNG it is, and an SVG, HTML or any other content gets\n  `415` whatever it is called.\n- At most 5 MB (configurable): a larger body gets `413`. An empty body, a damaged or truncated image,\n  and one of more than 50 million pixels get `400`. Nothing is stored unless the answer is `200`.\n- The image is turned upright, stripped of all its metadata (EXIF with any GPS position, XMP,\n  comments), scaled down to fit 1024×1024 pixels and re-encoded in its own format; a 128×128\n  thumbnail is cut from its middle. `width` and `height` are those of the stored image; each blob id is\n  the SHA-256 of the stored bytes (base64url).\n- Only one's own picture: a client's logo is set by staff.\n- Limited per user, together with `DELETE`: over the limit the answer is `429` with `Retry-After`.\n- The replaced picture is deleted by the housekeeping once nothing refers to it for a day.\n",
        "requestBody": {
          "required": true,
          "content": {
            "image/png": {
              "schema": {
                "$ref": "#/components/schemas/ImageBytes"
              }
            },
            "image/jpeg": {
              "schema": {
                "$ref": "#/components/schemas/ImageBytes"
              }
            },
            "image/webp": {
              "schema": {
                "$ref": "#/components/schemas/ImageBytes"
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "The new avatar.",
            "headers": {
              "Cache-Control": {
                "$ref": "#/components/headers/CacheControlNoStore"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Avatar"
                },
                "examples": {
                  "avatar": {
                    "value": {
                      "blobId": "3q1nZ0mJc0dYJjC2xV0u9r7uHn0J3yq4tY6m2mYkq0E",
                      "thumbnailBlobId": "Hq8v3bJ1s8i0W5x0cLrP1d8m2yN4tQ7k6fZ9aB2cD3E",
                      "width": 1024,
                      "height": 768
                    }
                  }
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "413": {
            "$ref": "#/components/responses/PayloadTooLarge"
          },
          "415": {
            "$ref": "#/components/responses/UnsupportedMediaType"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          },
          "500": {
            "$ref": "#/components/responses/InternalError"
          },
          "503": {
            "$ref": "#/components/responses/ServiceUnavailable"
          }
        }
      },
      "delete": {
        "operationId": "removeMyAvatar",
        "tags": [
          "Portal"
        ],
        "summary": "Remove the signed-in user's own picture",
        "description": "Removes the signed-in user's avatar: `GET /me` answers `avatar: null` from now on.\n\nRules:\n- The answer is `204` whether or not there was a picture.\n- Limited per user, together with `PUT`: over the limit the answer is `429` with `Retry-After`.\n",
        "responses": {
          "204": {
            "description": "The user has no picture."
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          },
          "500": {
            "$ref": "#/components/responses/InternalError"
          },
          "503": {
            "$ref": "#/components/responses/ServiceUnavailable"
          }
        }
      }
    },
    "/api/v1/portal/blobs/{blobId}/url": {
      "get": {
        "operationId": "getBlobUrl",
        "tags": [
          "Portal"
        ],
        "summary": "A short-lived URL of a picture, for an img tag",
        "description": "A URL that shows a picture without an access token, for an `<img src>` (which cannot send one), like\nan S3 presigned URL.\n\nRules:\n- Only for a picture the signed-in user may see: their own avatar or its thumbnail, and their\n  client's. Any other id, another tenant's and one that does not exist alike, gets `404`.\n- The URL is a path on this API's origin (`getBlob`), signed for this user and blob until\n  `expiresAt`: an HMAC over the blob id, the user id and the expiry. It never carries the access\n  token. After `expiresAt` it answers `403` to anyone; ask for a new one.\n- It is valid for one to two hours: the expiry is rounded up to the hour, so the URL stays the same\n  for an hour and browsers keep the picture in their cache.\n",
        "parameters": [
          {
            "name": "blobId",
            "in": "path",
            "required": true,
            "description": "A blob id from an `avatar` (`blobId` or `thumbnailBlobId`).",
            "schema": {
              "type": "string",
              "minLength": 1,
              "maxLength": 200,
              "pattern": "^[A-Za-z0-9_-]+$"
            }
          }
        ],
        "responses": {
          "200": {
            "description": "The signed URL.",
            "headers": {
              "Cache-Control": {
                "$ref": "#/components/headers/CacheControlNoStore"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/BlobUrl"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "500": {
            "$ref": "#/components/responses/InternalError"
          },
          "503": {
            "$ref": "#/components/responses/ServiceUnavailable"
          }
        }
      }
    },
    "/api/v1/portal/blobs/{blobId}": {
      "get": {
        "operationId": "getBlob",
        "tags": [
          "Portal"
        ],
        "summary": "The bytes of a picture, by a signed URL",
        "description": "The picture itself. Its URL, with `expires`, `user` and `signature`, comes from `getBlobUrl`.\n\nRules:\n- A URL whose signature does not match, or whose `expires` has passed, gets `403`.\n- The blob must still be the avatar (or thumbnail) of the URL's user or of their client, and the user\n  and tenant active; otherwise `404`, exactly as for an id that does not exist.\n- The bytes never change for an id (it is their SHA-256), so the answer carries a strong `ETag`, is\n  `304` to a matching `If-None-Match`, and may be cached privately for a year.\n- Served as an image only: `X-Content-Type-Options: nosniff`, `Content-Security-Policy:\n  default-src 'none'` and `Content-Disposition: inline` with a safe file name.\n",
        "security": [],
        "parameters": [
          {
            "name": "blobId",
            "in": "path",
            "required": true,
            "description": "A blob id from an `avatar` (`blobId` or `thumbnailBlobId`).",
            "schema": {
              "type": "string",
              "minLength": 1,
              "maxLength": 200,
              "pattern": "^[A-Za-z0-9_-]+$"
            }
          },
          {
            "name": "expires",
            "in": "query",
            "required": true,
            "description": "When the URL stops working, in seconds since the Unix epoch.",
            "schema": {
              "type": "integer",
              "format": "int64",
              "minimum": 0
            }
          },
          {
            "name": "user",
            "in": "query",
            "required": true,
            "description": "The user the URL was made for.",
            "schema": {
              "type": "string",
              "format": "uuid"
            }
          },
          {
            "name": "signature",
            "in": "query",
            "required": true,
            "description": "The URL's HMAC-SHA256, base64url.",
            "schema": {
              "type": "string",
              "pattern": "^[A-Za-z0-9_-]{43}$"
            }
          },
          {
            "name": "If-None-Match",
            "in": "header",
            "required": false,
            "description": "The `ETag` of a copy the client has (RFC 9110, section 13.1.2).",
            "schema": {
              "type": "string",
              "maxLength": 1024
            }
          }
        ],
        "responses": {
          "200": {
            "description": "The picture.",
            "headers": {
              "Cache-Control": {
                "$ref": "#/components/headers/CacheControlImmutable"
              },
              "ETag": {
                "$ref": "#/components/headers/BlobETag"
              },
              "X-Content-Type-Options": {
                "$ref": "#/components/headers/NoSniff"
              },
              "Content-Security-Policy": {
                "$ref": "#/components/headers/BlobContentSecurityPolicy"
              },
              "Content-Disposition": {
                "$ref": "#/components/headers/BlobContentDisposition"
              }
            },
            "content": {
              "image/png": {
                "schema": {
                  "$ref": "#/components/schemas/ImageBytes"
                }
              },
              "image/jpeg": {
                "schema": {
                  "$ref": "#/components/schemas/ImageBytes"
                }
              },
              "image/webp": {
                "schema": {
                  "$ref": "#/components/schemas/ImageBytes"
                }
              }
            }
          },
          "304": {
            "description": "The client's copy, named by `If-None-Match`, is current.",
            "headers": {
              "Cache-Control": {
                "$ref": "#/components/headers/CacheControlImmutable"
              },
              "ETag": {
                "$ref": "#/components/headers/BlobETag"
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "403": {
            "$ref": "#/components/responses/BlobLinkInvalid"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "500": {
            "$ref": "#/components/responses/InternalError"
          },
          "503": {
            "$ref": "#/components/responses/ServiceUnavailable"
          }
        }
      }
    },
    "/api/v1/portal/scopes": {
      "get": {
        "operationId": "getScopes",
        "tags": [
          "Portal"
        ],
        "summary": "Get available portal sections based on tenant scopes",
        "description": "The portal sections the user's tenant has enabled; the portal shows only these.\n",
        "responses": {
          "200": {
            "description": "The enabled sections.",
            "headers": {
              "Cache-Control": {
                "$ref": "#/components/headers/CacheControlNoStore"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/PortalScopes"
                },
                "examples": {
                  "all": {
                    "value": {
                      "configurator": true,
                      "finance": true,
                      "support": false
                    }
                  }
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "500": {
            "$ref": "#/components/responses/InternalError"
          },
          "503": {
            "$ref": "#/components/responses/ServiceUnavailable"
          }
        }
      }
    },
    "/.well-known/jwks.json": {
      "get": {
        "operationId": "getJwks",
        "tags": [
          "Portal"
        ],
        "summary": "The public keys that verify Portal access tokens (JWKS)",
        "description": "The JSON Web Key Set (RFC 7517, section 5) of the keys that sign access tokens, for other services\nthat verify Portal access tokens themselves: select the key by the token's `kid`, accept `ES256`\nonly, and check `iss`, `aud` and `exp`.\n\nRules:\n- It lists the current signing key, the standby key (published before it signs) and the previous keys\n  (published while tokens they signed may still be valid). It never holds private key material.\n- A key that signs is listed here at least `max-age` before it starts signing, so a verifier that caches\n  this answer as `Cache-Control` allows always knows it in time (the rotation runbook waits for it).\n- A server that signs with HS256 (`JWT_SECRET`) publishes no key: `{\"keys\": []}`.\n",
        "security": [],
        "responses": {
          "200": {
            "description": "The key set.",
            "headers": {
              "Cache-Control": {
                "$ref": "#/components/headers/CacheControlJwks"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Jwks"
                },
                "examples": {
                  "keys": {
                    "value": {
                      "keys": [
                        {
                          "kty": "EC",
                          "crv": "P-256",
                          "x": "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU",
                          "y": "x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0",
                          "kid": "3mIGxtbo4kq-4VqpXbMhLw",
                          "alg": "ES256",
                          "use": "sig"
                        }
                      ]
                    }
                  }
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "500": {
            "$ref": "#/components/responses/InternalError"
          }
        }
      }
    }
  },
  "components": {
    "securitySchemes": {
      "bearerAuth": {
        "type": "http",
        "scheme": "bearer",
        "bearerFormat": "JWT",
        "description": "The `accessToken` returned by `validate` or `refresh`."
      }
    },
    "headers": {
      "RefreshCookie": {
        "description": "Cookie mode only (`Portal-Session: cookie`): the refresh token as a cookie,\n`__Secure-portal-refresh=<token>; Path=/api/v1/portal/auth; Max-Age=<seconds the sign-in has left>;\nHttpOnly; Secure; SameSite=Strict`. On plain-http localhost outside production it is named\n`portal-refresh` and has no `Secure`, which not every browser accepts over plain http.\n",
        "required": false,
        "schema": {
          "type": "string"
        }
      },
      "ClearedRefreshCookie": {
        "description": "Cookie mode only: the refresh cookie, cleared (`Max-Age=0`).",
        "required": false,
        "schema": {
          "type": "string"
        }
      },
      "CacheControlNoStore": {
        "description": "`no-store`: the answer holds tokens or personal data, which no cache (a browser's, a proxy's) may\nkeep (RFC 6749, section 5.1; RFC 9111, section 5.2.2.5).\n",
        "required": true,
        "schema": {
          "type": "string",
          "const": "no-store"
        }
      },
      "CacheControlJwks": {
        "description": "`public, max-age=300`: any cache may keep the key set for 5 minutes (RFC 9111, section 5.2.2.1). The\nrotation runbook publishes a standby key at least that long (plus the servers' reload interval) before\nit signs, so a verifier never meets a `kid` it has not had the chance to see.\n",
        "required": true,
        "schema": {
          "type": "string",
          "const": "public, max-age=300"
        }
      },
      "RetryAfter": {
        "description": "Seconds to wait before trying again (RFC 9110, section 10.2.3).",
        "required": true,
        "schema": {
          "type": "integer",
          "minimum": 0
        }
      },
      "WwwAuthenticate": {
        "description": "The authentication scheme to use (RFC 6750, section 3).",
        "required": true,
        "schema": {
          "type": "string"
        },
        "example": "Bearer realm=\"portal\", error=\"invalid_token\""
      },
      "CacheControlImmutable": {
        "description": "`private, max-age=31536000, immutable`: the bytes of a blob id never change (the id is their SHA-256),\nso the browser may keep them a year without asking again; no shared cache may (RFC 9111, 5.2.2.7).\n",
        "required": true,
        "schema": {
          "type": "string",
          "const": "private, max-age=31536000, immutable"
        }
      },
      "BlobETag": {
        "description": "A strong entity tag of the bytes (RFC 9110, section 8.8.3): the blob id, quoted.",
        "required": true,
        "schema": {
          "type": "string"
        }
      },
      "NoSniff": {
        "description": "`nosniff`: the browser must not read the bytes as anything but the declared image type.",
        "required": true,
        "schema": {
          "type": "string",
          "const": "nosniff"
        }
      },
      "BlobContentSecurityPolicy": {
        "description": "`default-src 'none'`: opened on its own, the answer may load and run nothing.",
        "required": true,
        "schema": {
          "type": "string",
          "const": "default-src 'none'"
        }
      },
      "BlobContentDisposition": {
        "description": "`inline; filename=\"<blob id>.<png|jpg|webp>\"`: shown in place, under a name made only of the id.",
        "required": true,
        "schema": {
          "type": "string"
        }
      }
    },
    "schemas": {
      "Jwks": {
        "type": "object",
        "additionalProperties": false,
        "required": [
          "keys"
        ],
        "properties": {
          "keys": {
            "type": "array",
            "maxItems": 16,
            "items": {
              "$ref": "#/components/schemas/PublicJwk"
            }
          }
        }
      },
      "PublicJwk": {
        "type": "object",
        "additionalProperties": false,
        "description": "An EC P-256 public key (RFC 7517, RFC 7518 section 6.2.1); never a private member such as `d`.",
        "required": [
          "kty",
          "crv",
          "x",
          "y",
          "kid",
          "alg",
          "use"
        ],
        "properties": {
          "kty": {
            "type": "string",
            "const": "EC"
          },
          "crv": {
            "type": "string",
            "const": "P-256"
          },
          "x": {
            "type": "string",
            "pattern": "^[A-Za-z0-9_-]{43}$"
          },
          "y": {
            "type": "string",
            "pattern": "^[A-Za-z0-9_-]{43}$"
          },
          "kid": {
            "type": "string",
            "pattern": "^[A-Za-z0-9_-]{1,64}$"
          },
          "alg": {
            "type": "string",
            "const": "ES256"
          },
          "use": {
            "type": "string",
            "const": "sig"
          }
        }
      },
      "MagicLinkRequest": {
        "type": "object",
        "additionalProperties": false,
        "required": [
          "email",
          "tenantCode"
        ],
        "properties": {
          "email": {
            "type": "string",
            "format": "email",
            "maxLength": 254,
            "description": "The portal user's email, compared case-insensitively; white space around it is removed before it is checked."
          },
          "tenantCode": {
            "type": "string",
            "minLength": 1,
            "maxLength": 64,
            "description": "The code of the tenant the user belongs to; trimmed and lower-cased before it is checked."
          }
        }
      },
      "VerifyCodeRequest": {
        "type": "object",
        "additionalProperties": false,
        "required": [
          "email",
          "tenantCode",
          "code"
        ],
        "properties": {
          "email": {
            "type": "string",
            "format": "email",
            "maxLength": 254,
            "description": "The email the sign-in mail was sent to, as given to `request-magic-link`."
          },
          "tenantCode": {
            "type": "string",
            "minLength": 1,
            "maxLength": 64,
            "description": "The tenant code, as given to `request-magic-link`."
          },
          "code": {
            "type": "string",
            "pattern": "^[2-9A-HJ-NP-Za-hj-np-z]{4}-?[2-9A-HJ-NP-Za-hj-np-z]{4}$",
            "description": "The one-time code of the mail: 8 characters from the 32 digits and letters without look-alikes\n(no 0, 1, I, O), shown as `XXXX-XXXX`; case-insensitive, the hyphen optional.\n"
          }
        }
      },
      "RefreshRequest": {
        "type": "object",
        "additionalProperties": false,
        "properties": {
          "refreshToken": {
            "type": "string",
            "minLength": 1,
            "maxLength": 512,
            "description": "The refresh token. Required, except in cookie mode (`Portal-Session: cookie`), where the body is\n`{}` and the refresh cookie carries the token; without either the answer is `400`.\n"
          }
        }
      },
      "LogoutScope": {
        "type": "string",
        "enum": [
          "local",
          "others",
          "global"
        ],
        "default": "local",
        "description": "Which sign-ins a logout ends: `local` the refresh token's, `others` all but the access token's,\n`global` all of them.\n"
      },
      "SessionList": {
        "type": "object",
        "additionalProperties": false,
        "required": [
          "items"
        ],
        "properties": {
          "items": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/Session"
            }
          }
        }
      },
      "Session": {
        "type": "object",
        "additionalProperties": false,
        "required": [
          "id",
          "createdAt",
          "lastUsedAt",
          "expiresAt",
          "device",
          "network",
          "current"
        ],
        "properties": {
          "id": {
            "type": "string",
            "format": "uuid",
            "description": "Opaque; pass it to `endSession`."
          },
          "createdAt": {
            "type": "string",
            "format": "date-time",
            "description": "When the sign-in started."
          },
          "lastUsedAt": {
            "type": "string",
            "format": "date-time",
            "description": "When its tokens were last refreshed (or when it started)."
          },
          "expiresAt": {
            "type": "string",
            "format": "date-time",
            "description": "Its absolute end, however often it is refreshed."
          },
          "device": {
            "type": "string",
            "description": "The browser and system of the user agent it started with, e.g. \"Firefox on Windows\"; \"Unknown device\" when there was none or it says nothing known."
          },
          "network": {
            "type": [
              "string",
              "null"
            ],
            "description": "A coarse hint of the address it started from, e.g. `203.0.x.x` or `2001:db8::/32`; never the full address."
          },
          "current": {
            "type": "boolean",
            "description": "Whether this is the sign-in of the access token of the request."
          }
        }
      },
      "AuthTokens": {
        "type": "object",
        "additionalProperties": false,
        "required": [
          "accessExpiresUnix",
          "accessToken",
          "id",
          "refreshToken",
          "username"
        ],
        "properties": {
          "accessExpiresUnix": {
            "type": "integer",
            "format": "int64",
            "description": "When the access token expires, in seconds since the Unix epoch."
          },
          "accessToken": {
            "type": "string",
            "description": "A JWT to send as `Authorization: Bearer <accessToken>`."
          },
          "id": {
            "type": "string",
            "description": "The portal user's id."
          },
          "refreshToken": {
            "type": "string",
            "description": "An opaque single-use token for `refresh` and `logout`. In cookie mode (`Portal-Session: cookie`)\nthe empty string: the token is only in the `HttpOnly` refresh cookie, out of script's reach.\n"
          },
          "username": {
            "type": "string",
            "description": "The portal user's email."
          }
        }
      },
      "Avatar": {
        "type": "object",
        "additionalProperties": false,
        "required": [
          "blobId",
          "height",
          "thumbnailBlobId",
          "width"
        ],
        "properties": {
          "blobId": {
            "type": "string"
          },
          "height": {
            "type": "integer",
            "minimum": 0
          },
          "thumbnailBlobId": {
            "type": "string"
          },
          "width": {
            "type": "integer",
            "minimum": 0
          }
        }
      },
      "ImageBytes": {
        "type": "string",
        "format": "binary",
        "description": "The bytes of a PNG, JPEG or WebP image."
      },
      "BlobUrl": {
        "type": "object",
        "additionalProperties": false,
        "required": [
          "url",
          "expiresAt"
        ],
        "properties": {
          "url": {
            "type": "string",
            "format": "uri-reference",
            "description": "A path on this API's origin (`getBlob`), with its signature; resolve it against the API's URL."
          },
          "expiresAt": {
            "type": "string",
            "format": "date-time",
            "description": "When the URL stops working."
          }
        }
      },
      "Address": {
        "type": "object",
        "additionalProperties": false,
        "required": [
          "city",
          "country",
          "houseNumber",
          "id",
          "latitude",
          "longitude",
          "postalCode",
          "street"
        ],
        "properties": {
          "city": {
            "type": "string"
          },
          "country": {
            "type": "string"
          },
          "houseNumber": {
            "type": "string"
          },
          "id": {
            "type": "string"
          },
          "latitude": {
            "type": [
              "number",
              "null"
            ],
            "format": "double"
          },
          "longitude": {
            "type": [
              "number",
              "null"
            ],
            "format": "double"
          },
          "postalCode": {
            "type": "string"
          },
          "street": {
            "type": "string"
          }
        }
      },
      "PortalClient": {
        "type": "object",
        "additionalProperties": false,
        "required": [
          "avatar",
          "billingAddress",
          "email",
          "id",
          "name",
          "phone"
        ],
        "properties": {
          "avatar": {
            "oneOf": [
              {
                "$ref": "#/components/schemas/Avatar"
              },
              {
                "type": "null"
              }
            ]
          },
          "billingAddress": {
            "oneOf": [
              {
                "$ref": "#/components/schemas/Address"
              },
              {
                "type": "null"
              }
            ]
          },
          "email": {
            "type": [
              "string",
              "null"
            ]
          },
          "id": {
            "type": "string"
          },
          "name": {
            "type": "string"
          },
          "phone": {
            "type": [
              "string",
              "null"
            ]
          }
        }
      },
      "PortalMe": {
        "type": "object",
        "additionalProperties": false,
        "required": [
          "avatar",
          "clientId",
          "clientName",
          "email",
          "firstName",
          "id",
          "lastName"
        ],
        "properties": {
          "avatar": {
            "oneOf": [
              {
                "$ref": "#/components/schemas/Avatar"
              },
              {
                "type": "null"
              }
            ]
          },
          "clientId": {
            "type": "string"
          },
          "clientName": {
            "type": "string"
          },
          "email": {
            "type": "string"
          },
          "firstName": {
            "type": "string"
          },
          "id": {
            "type": "string"
          },
          "lastName": {
            "type": "string"
          }
        }
      },
      "PortalScopes": {
        "type": "object",
        "additionalProperties": false,
        "required": [
          "configurator",
          "finance",
          "support"
        ],
        "properties": {
          "configurator": {
            "type": "boolean"
          },
          "finance": {
            "type": "boolean"
          },
          "support": {
            "type": "boolean"
          }
        }
      },
      "DashboardStats": {
        "type": "object",
        "additionalProperties": false,
        "required": [
          "currency",
          "openOrders",
          "pendingEstimates",
          "totalOutstanding",
          "unpaidInvoices"
        ],
        "properties": {
          "currency": {
            "type": "string",
            "pattern": "^[A-Z]{3}$",
            "description": "ISO 4217 code of the tenant's currency."
          },
          "openOrders": {
            "type": "integer",
            "minimum": 0,
            "description": "0 while neither the `finance` nor the `configurator` section is enabled."
          },
          "pendingEstimates": {
            "type": "integer",
            "minimum": 0,
            "description": "0 while the `configurator` section is not enabled."
          },
          "totalOutstanding": {
            "type": "number",
            "format": "double",
            "description": "In major units of `currency`, rounded to its minor unit; 0 while the `finance` section is not enabled."
          },
          "unpaidInvoices": {
            "type": "integer",
            "minimum": 0,
            "description": "0 while the `finance` section is not enabled."
          }
        }
      },
      "Invoice": {
        "type": "object",
        "additionalProperties": false,
        "required": [
          "currency",
          "dueDate",
          "id",
          "issuedAt",
          "number",
          "outstanding",
          "paid",
          "status",
          "total"
        ],
        "description": "An invoice sent to the client (drafts are the tenant's and never listed).",
        "properties": {
          "currency": {
            "type": "string",
            "pattern": "^[A-Z]{3}$",
            "description": "ISO 4217 code of the tenant's currency, the unit of the amounts."
          },
          "dueDate": {
            "type": [
              "string",
              "null"
            ],
            "format": "date"
          },
          "id": {
            "type": "string",
            "format": "uuid"
          },
          "issuedAt": {
            "type": [
              "string",
              "null"
            ],
            "format": "date-time"
          },
          "number": {
            "type": [
              "string",
              "null"
            ],
            "description": "The tenant's invoice number."
          },
          "outstanding": {
            "type": "number",
            "format": "double",
            "minimum": 0,
            "description": "What is still owed, in major units; `total - paid` for an unpaid invoice (as the dashboard defines it), else 0."
          },
          "paid": {
            "type": "number",
            "format": "double",
            "minimum": 0,
            "description": "In major units of `currency`."
          },
          "status": {
            "type": "string",
            "enum": [
              "issued",
              "paid",
              "void"
            ]
          },
          "total": {
            "type": "number",
            "format": "double",
            "minimum": 0,
            "description": "In major units of `currency`, exact to its minor unit."
          }
        }
      },
      "Order": {
        "type": "object",
        "additionalProperties": false,
        "required": [
          "currency",
          "id",
          "number",
          "orderedAt",
          "status",
          "total"
        ],
        "properties": {
          "currency": {
            "type": "string",
            "pattern": "^[A-Z]{3}$",
            "description": "ISO 4217 code of the tenant's currency, the unit of the amounts."
          },
          "id": {
            "type": "string",
            "format": "uuid"
          },
          "number": {
            "type": [
              "string",
              "null"
            ],
            "description": "The tenant's order number."
          },
          "orderedAt": {
            "type": "string",
            "format": "date-time"
          },
          "status": {
            "type": "string",
            "enum": [
              "open",
              "in_progress",
              "completed",
              "cancelled"
            ]
          },
          "total": {
            "type": "number",
            "format": "double",
            "minimum": 0,
            "description": "In major units of `currency`, exact to its minor unit."
          }
        }
      },
      "Estimate": {
        "type": "object",
        "additionalProperties": false,
        "required": [
          "createdAt",
          "currency",
          "id",
          "number",
          "status",
          "total",
          "validUntil"
        ],
        "description": "An estimate sent to the client (drafts are the tenant's and never listed).",
        "properties": {
          "createdAt": {
            "type": "string",
            "format": "date-time"
          },
          "currency": {
            "type": "string",
            "pattern": "^[A-Z]{3}$",
            "description": "ISO 4217 code of the tenant's currency, the unit of the amounts."
          },
          "id": {
            "type": "string",
            "format": "uuid"
          },
          "number": {
            "type": [
              "string",
              "null"
            ],
            "description": "The tenant's estimate number."
          },
          "status": {
            "type": "string",
            "enum": [
              "sent",
              "accepted",
              "declined"
            ]
          },
          "total": {
            "type": "number",
            "format": "double",
            "minimum": 0,
            "description": "In major units of `currency`, exact to its minor unit."
          },
          "validUntil": {
            "type": [
              "string",
              "null"
            ],
            "format": "date",
            "description": "The last day the estimate can be accepted; `null` when it has no limit."
          }
        }
      },
      "InvoicePage": {
        "type": "object",
        "additionalProperties": false,
        "required": [
          "items",
          "nextCursor"
        ],
        "properties": {
          "items": {
            "type": "array",
            "maxItems": 100,
            "items": {
              "$ref": "#/components/schemas/Invoice"
            }
          },
          "nextCursor": {
            "type": [
              "string",
              "null"
            ],
            "description": "Pass as `cursor` for the next page; `null` on the last page."
          }
        }
      },
      "OrderPage": {
        "type": "object",
        "additionalProperties": false,
        "required": [
          "items",
          "nextCursor"
        ],
        "properties": {
          "items": {
            "type": "array",
            "maxItems": 100,
            "items": {
              "$ref": "#/components/schemas/Order"
            }
          },
          "nextCursor": {
            "type": [
              "string",
              "null"
            ],
            "description": "Pass as `cursor` for the next page; `null` on the last page."
          }
        }
      },
      "EstimatePage": {
        "type": "object",
        "additionalProperties": false,
        "required": [
          "items",
          "nextCursor"
        ],
        "properties": {
          "items": {
            "type": "array",
            "maxItems": 100,
            "items": {
              "$ref": "#/components/schemas/Estimate"
            }
          },
          "nextCursor": {
            "type": [
              "string",
              "null"
            ],
            "description": "Pass as `cursor` for the next page; `null` on the last page."
          }
        }
      },
      "FieldError": {
        "type": "object",
        "additionalProperties": false,
        "required": [
          "path",
          "message"
        ],
        "properties": {
          "path": {
            "type": "string",
            "description": "Where the problem is, e.g. `/body/email` or `/query/token`."
          },
          "message": {
            "type": "string"
          },
          "code": {
            "type": "string",
            "description": "A machine-readable reason, e.g. `format` or `required`."
          }
        }
      },
      "Problem": {
        "type": "object",
        "description": "A problem detail (RFC 9457) with the time it happened.",
        "required": [
          "title",
          "detail",
          "time",
          "status",
          "code"
        ],
        "properties": {
          "type": {
            "type": "string",
            "format": "uri-reference",
            "description": "Identifies the kind of problem; `about:blank` when the status says it all."
          },
          "title": {
            "type": "string",
            "description": "A short summary of the kind of problem."
          },
          "status": {
            "type": "integer",
            "minimum": 400,
            "maximum": 599
          },
          "detail": {
            "type": "string",
            "description": "What went wrong in this occurrence, for a person to read."
          },
          "instance": {
            "type": "string",
            "description": "The request path that caused the problem."
          },
          "time": {
            "type": "string",
            "format": "date-time"
          },
          "requestId": {
            "type": "string",
            "description": "The id of the request, also returned in the `X-Request-Id` header."
          },
          "code": {
            "type": "string",
            "description": "What went wrong, for a program to branch on (an RFC 9457 extension member): one of a closed list\nthat only grows. `title` and `detail` are for people; `code` is stable. No code tells whether an\nemail address is registered.\n- `validation_failed` (400): the request breaks the contract (see `errors`), a body that is not\n  JSON or arrived incomplete, a page cursor of another list.\n- `image_invalid` (400): an upload with no image, a damaged image, or one with too many pixels.\n- `token_required` (401): the operation needs a bearer access token and none was sent.\n- `invalid_token` (401): the access token is malformed, expired, or of a sign-in that has ended:\n  refresh the session once, then sign in again.\n- `session_ended` (401): the refresh token is refused (unknown, rotated, revoked or expired):\n  sign in again.\n- `code_invalid` (401): the one-time code is not accepted. A wrong code, an expired, used or\n  void one and an unknown address look alike: check the code, or ask for a new mail.\n- `code_expired_or_used` (401): the sign-in link is not accepted (expired, used, voided by a\n  newer mail or by too many wrong codes, or unknown): ask for a new mail.\n- `section_disabled` (403): the tenant has not enabled this section of the portal.\n- `picture_link_invalid` (403): a picture URL whose signature does not match or has expired.\n- `csrf_refused` (403): a request acting on the refresh cookie came from an origin that is not\n  allowed, without an `Origin`, or without the `Portal-Session: cookie` header.\n- `not_found` (404): no such resource, or none of this client.\n- `method_not_allowed` (405): see the `Allow` header.\n- `payload_too_large` (413): the body is larger than the operation accepts.\n- `unsupported_media_type` (415): a body that is not UTF-8 `application/json`.\n- `image_not_accepted` (415): an upload that is not a PNG, JPEG or WebP image.\n- `rate_limited` (429): too many requests; `Retry-After` says how many seconds to wait.\n- `internal_error` (500): an unexpected error; quote `requestId` when reporting it.\n- `unavailable` (503): the service cannot answer now; retry after `Retry-After` seconds.\n",
            "enum": [
              "validation_failed",
              "image_invalid",
              "token_required",
              "invalid_token",
              "session_ended",
              "code_invalid",
              "code_expired_or_used",
              "section_disabled",
              "picture_link_invalid",
              "csrf_refused",
              "not_found",
              "method_not_allowed",
              "payload_too_large",
              "unsupported_media_type",
              "image_not_accepted",
              "rate_limited",
              "internal_error",
              "unavailable"
            ],
            "example": "code_invalid"
          },
          "errors": {
            "type": "array",
            "description": "Field errors of a validation failure.",
            "items": {
              "$ref": "#/components/schemas/FieldError"
            }
          }
        }
      }
    },
    "responses": {
      "AuthTokens": {
        "description": "Signed in. The refresh token replaces any earlier one of this session.",
        "headers": {
          "Cache-Control": {
            "$ref": "#/components/headers/CacheControlNoStore"
          },
          "Set-Cookie": {
            "$ref": "#/components/headers/RefreshCookie"
          }
        },
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/AuthTokens"
            },
            "examples": {
              "tokens": {
                "value": {
                  "accessExpiresUnix": 1764288000,
                  "accessToken": "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIzZjJiIn0.c2lnbmF0dXJl",
                  "id": "3f2b8a8e-2d0c-4d7a-9a0e-1f3c5b7d9e21",
                  "refreshToken": "Jx0mYt8kq2V7c1sQ3a9Z0b4n6m8p1r3t5v7x9z1B2dE",
                  "username": "ada@example.com"
                }
              }
            }
          }
        }
      },
      "BadRequest": {
        "description": "The request does not match the contract (a body, or a query parameter it does not define).",
        "content": {
          "application/problem+json": {
            "schema": {
              "$ref": "#/components/schemas/Problem"
            },
            "examples": {
              "validation": {
                "value": {
                  "type": "about:blank",
                  "title": "Bad Request",
                  "status": 400,
                  "detail": "The request is not valid.",
                  "time": "2026-11-27T10:15:22Z",
                  "code": "validation_failed",
                  "errors": [
                    {
                      "path": "/body/email",
                      "message": "must match format \"email\"",
                      "code": "format"
                    }
                  ]
                }
              }
            }
          }
        }
      },
      "Unauthorized": {
        "description": "The access token is missing, malformed, expired or forged, the user lost access, or its sign-in ended\n(logout, reuse detection, deactivation).\n",
        "headers": {
          "WWW-Authenticate": {
            "$ref": "#/components/headers/WwwAuthenticate"
          }
        },
        "content": {
          "application/problem+json": {
            "schema": {
              "$ref": "#/components/schemas/Problem"
            },
            "examples": {
              "unauthorized": {
                "value": {
                  "type": "about:blank",
                  "title": "Unauthorized",
                  "status": 401,
                  "detail": "A valid access token is required.",
                  "time": "2026-11-27T10:15:22Z",
                  "code": "token_required"
                }
              }
            }
          }
        }
      },
      "InvalidCredentials": {
        "description": "The token is invalid, expired or already used.",
        "content": {
          "application/problem+json": {
            "schema": {
              "$ref": "#/components/schemas/Problem"
            },
            "examples": {
              "invalid": {
                "value": {
                  "type": "about:blank",
                  "title": "Unauthorized",
                  "status": 401,
                  "detail": "The token is invalid or has expired.",
                  "time": "2026-11-27T10:15:22Z",
                  "code": "code_expired_or_used"
                }
              }
            }
          }
        }
      },
      "PayloadTooLarge": {
        "description": "The body is larger than the server accepts (16 KiB by default).",
        "content": {
          "application/problem+json": {
            "schema": {
              "$ref": "#/components/schemas/Problem"
            },
            "examples": {
              "tooLarge": {
                "value": {
                  "type": "about:blank",
                  "title": "Content Too Large",
                  "status": 413,
                  "detail": "The request body is larger than 16384 bytes.",
                  "time": "2026-11-27T10:15:22Z",
                  "code": "payload_too_large"
                }
              }
            }
          }
        }
      },
      "UnsupportedMediaType": {
        "description": "The body is not `application/json`.",
        "content": {
          "application/problem+json": {
            "schema": {
              "$ref": "#/components/schemas/Problem"
            },
            "examples": {
              "unsupported": {
                "value": {
                  "type": "about:blank",
                  "title": "Unsupported Media Type",
                  "status": 415,
                  "detail": "The request body must be application/json.",
                  "time": "2026-11-27T10:15:22Z",
                  "code": "unsupported_media_type"
                }
              }
            }
          }
        }
      },
      "TooManyRequests": {
        "description": "Too many requests; try again after `Retry-After` seconds.",
        "headers": {
          "Retry-After": {
            "$ref": "#/components/headers/RetryAfter"
          }
        },
        "content": {
          "application/problem+json": {
            "schema": {
              "$ref": "#/components/schemas/Problem"
            },
            "examples": {
              "limited": {
                "value": {
                  "type": "about:blank",
                  "title": "Too Many Requests",
                  "status": 429,
                  "detail": "Too many requests. Try again in 60 seconds.",
                  "time": "2026-11-27T10:15:22Z",
                  "code": "rate_limited"
                }
              }
            }
          }
        }
      },
      "SectionDisabled": {
        "description": "The tenant has not enabled the portal section this operation belongs to.",
        "content": {
          "application/problem+json": {
            "schema": {
              "$ref": "#/components/schemas/Problem"
            },
            "examples": {
              "disabled": {
                "value": {
                  "type": "about:blank",
                  "title": "Forbidden",
                  "status": 403,
                  "detail": "This section of the portal is not enabled.",
                  "time": "2026-11-27T10:15:22Z",
                  "code": "section_disabled"
                }
              }
            }
          }
        }
      },
      "CsrfRefused": {
        "description": "A request acting on the refresh cookie alone came from an origin that is not allowed, without an\n`Origin`, or without the `Portal-Session: cookie` header. Nothing changed.\n",
        "content": {
          "application/problem+json": {
            "schema": {
              "$ref": "#/components/schemas/Problem"
            },
            "examples": {
              "refused": {
                "value": {
                  "type": "about:blank",
                  "title": "Forbidden",
                  "status": 403,
                  "detail": "This request must come from the portal's own pages.",
                  "time": "2026-11-27T10:15:22Z",
                  "code": "csrf_refused"
                }
              }
            }
          }
        }
      },
      "NotFound": {
        "description": "No such record for this client.",
        "content": {
          "application/problem+json": {
            "schema": {
              "$ref": "#/components/schemas/Problem"
            },
            "examples": {
              "missing": {
                "value": {
                  "type": "about:blank",
                  "title": "Not Found",
                  "status": 404,
                  "detail": "No such resource.",
                  "time": "2026-11-27T10:15:22Z",
                  "code": "not_found"
                }
              }
            }
          }
        }
      },
      "BlobLinkInvalid": {
        "description": "The picture's URL was altered, or has expired.",
        "content": {
          "application/problem+json": {
            "schema": {
              "$ref": "#/components/schemas/Problem"
            },
            "examples": {
              "expired": {
                "value": {
                  "type": "about:blank",
                  "title": "Forbidden",
                  "status": 403,
                  "detail": "This picture's link is not valid or has expired.",
                  "time": "2026-11-27T10:15:22Z",
                  "code": "picture_link_invalid"
                }
              }
            }
          }
        }
      },
      "InternalError": {
        "description": "An unexpected error. Details are in the server log under the request id.",
        "content": {
          "application/problem+json": {
            "schema": {
              "$ref": "#/components/schemas/Problem"
            },
            "examples": {
              "internal": {
                "value": {
                  "type": "about:blank",
                  "title": "Internal Server Error",
                  "status": 500,
                  "detail": "An unexpected error occurred.",
                  "time": "2026-11-27T10:15:22Z",
                  "code": "internal_error",
                  "requestId": "6f1c2b1e-0d5a-4b7e-8f3a-2c9d4e5f6a7b"
                }
              }
            }
          }
        }
      },
      "ServiceUnavailable": {
        "description": "The database is unavailable; try again after `Retry-After` seconds.",
        "headers": {
          "Retry-After": {
            "$ref": "#/components/headers/RetryAfter"
          }
        },
        "content": {
          "application/problem+json": {
            "schema": {
              "$ref": "#/components/schemas/Problem"
            },
            "examples": {
              "unavailable": {
                "value": {
                  "type": "about:blank",
                  "title": "Service Unavailable",
                  "status": 503,
                  "detail": "The service is temporarily unavailable.",
                  "time": "2026-11-27T10:15:22Z",
                  "code": "unavailable"
                }
              }
            }
          }
        }
      }
    }
  }
};

/** openapi/portal.yaml, as data: what the request validators and `/openapi.json` are built from. */
export const portalDocument: OpenApiDocument = document;
