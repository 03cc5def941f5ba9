/** A JSON Schema as the contract writes it (OpenAPI 3.1 schemas are JSON Schema 2020-12). */
export type JsonSchema = Record<string, unknown>;

export interface MediaTypeObject {
  schema?: JsonSchema;
}

export interface ParameterObject {
  $ref?: string;
  name: string;
  in: string;
  required?: boolean;
  /** Whether a query value may hold RFC 3986 reserved characters unencoded (OpenAPI 3.1, 4.8.12.2). */
  allowReserved?: boolean;
  schema?: JsonSchema;
}

export interface ResponseObject {
  $ref?: string;
  description?: string;
  headers?: Record<string, { $ref?: string; required?: boolean; schema?: JsonSchema }>;
  content?: Record<string, MediaTypeObject>;
}

export interface OperationObject {
  operationId?: string;
  security?: Record<string, string[]>[];
  parameters?: ParameterObject[];
  requestBody?: { $ref?: string; required?: boolean; content?: Record<string, MediaTypeObject> };
  responses?: Record<string, ResponseObject>;
  [key: string]: unknown;
}

export type HttpMethod = 'get' | 'put' | 'post' | 'delete' | 'patch';

/** The parts of an OpenAPI 3.1 document that our code reads; the validators read the rest. */
export interface OpenApiDocument {
  openapi: string;
  servers?: { url: string; description?: string }[];
  security?: Record<string, string[]>[];
  paths?: Record<string, Partial<Record<HttpMethod, OperationObject>> & { parameters?: ParameterObject[] }>;
  components?: {
    schemas?: Record<string, JsonSchema>;
    responses?: Record<string, ResponseObject>;
    headers?: Record<string, { schema?: JsonSchema }>;
    [key: string]: unknown;
  };
  [key: string]: unknown;
}
