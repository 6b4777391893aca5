import Hummingbird
import KaofaCore

/// An error answered as RFC 9457 problem details (`application/problem+json`): a stable `type` URI per kind of
/// problem, a Chinese `title` and `detail` for people, and for invalid requests the fields at fault. Nothing
/// internal — no stack trace, no SQL, no path on the server — is ever put in one.
struct Problem: HTTPResponseError {
    var status: HTTPResponse.Status
    /// The last part of the `type` URI: `https://kaofa.dev/problems/<kind>`.
    var kind: String
    var title: String
    var detail: String
    /// Invalid fields: `{"field": "seed", "detail": "…"}`.
    var errors: [(field: String, detail: String)] = []
    var extra: [(String, JSONValue)] = []
    var headers: HTTPFields = [:]

    func response(from request: Request, context: some RequestContext) throws -> Response {
        var fields: [(String, JSONValue)] = [("type", .string("https://kaofa.dev/problems/\(kind)")), ("title", .string(title)),
                                             ("status", .int(Int(status.code))), ("detail", .string(detail)),
                                             ("instance", .string(request.uri.path))]
        if !errors.isEmpty {
            fields.append(("errors", .array(errors.map { .object([("field", .string($0.field)), ("detail", .string($0.detail))]) })))
        }
        fields += extra
        var headers = self.headers
        headers[.contentType] = "application/problem+json; charset=utf-8"
        return Response(status: status, headers: headers,
                        body: ResponseBody(byteBuffer: ByteBuffer(bytes: JSONValue.object(fields).serialized(pretty: false))))
    }

    static func badRequest(_ detail: String) -> Problem {
        Problem(status: .badRequest, kind: "malformed-request", title: "请求无法解析", detail: detail)
    }

    static func invalid(_ errors: [(field: String, detail: String)]) -> Problem {
        Problem(status: .unprocessableContent, kind: "invalid-request", title: "请求的内容有误",
                detail: errors.map { "\($0.field)：\($0.detail)" }.joined(separator: "；"), errors: errors)
    }

    static func notFound(_ detail: String) -> Problem {
        Problem(status: .notFound, kind: "not-found", title: "找不到", detail: detail)
    }

    static let unauthorized = Problem(status: .unauthorized, kind: "unauthorized", title: "需要管理员令牌",
                                      detail: "这个地址只对管理员开放：在请求头中加上 Authorization: Bearer <令牌>",
                                      headers: [.wwwAuthenticate: "Bearer realm=\"kaofa\""])

    static func tooLarge(_ limit: Int) -> Problem {
        Problem(status: .contentTooLarge, kind: "too-large", title: "请求太大", detail: "请求体不能超过 \(limit / 1024) KB")
    }
}
