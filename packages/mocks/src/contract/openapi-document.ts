/** A JSON Schema as the contract writes it (OpenAPI 3.1 schemas are JSON Schema 2020-12). */
export type JsonSchema = Record<string, unknown>;

interface MediaType {
  schema?: JsonSchema;
}

export interface ParameterObject {
  name: string;
  in: string;
  required?: boolean;
  schema?: JsonSchema;
}

export interface ResponseObject {
  $ref?: string;
  description?: string;
  headers?: Record<string, { $ref?: string; schema?: JsonSchema }>;
  content?: Record<string, MediaType>;
}

export interface OperationObject {
  operationId?: string;
  security?: Record<string, string[]>[];
  parameters?: ParameterObject[];
  requestBody?: { required?: boolean; content?: Record<string, MediaType> };
  responses?: Record<string, ResponseObject>;
}

export type HttpMethod = 'get' | 'put' | 'post' | 'delete' | 'patch';

/** The parts of an OpenAPI 3.1 document the mocks read. */
export interface OpenApiDocument {
  openapi: string;
  servers?: { url: string }[];
  security?: Record<string, string[]>[];
  paths?: Record<string, Partial<Record<HttpMethod, OperationObject>>>;
  components?: {
    schemas?: Record<string, JsonSchema>;
    responses?: Record<string, ResponseObject>;
    headers?: Record<string, { schema?: JsonSchema }>;
  };
  [key: string]: unknown;
}
