import Foundation
import KaofaCore

/// The image files a paper shows (`![说明](图片/图1.png)` in bank text, relative to the question's bank file),
/// read once before rendering so that the renderers stay pure and every output embeds the same bytes.
public struct PaperImages: Sendable {
    /// One image file: its bytes, format and size in pixels.
    public struct Image: Sendable, Equatable {
        public enum Format: String, Sendable {
            case png, jpeg, gif

            public var mediaType: String { "image/\(rawValue)" }
        }

        public var bytes: [UInt8]
        public var format: Format
        public var pixelWidth: Int
        public var pixelHeight: Int

        /// Recognises PNG, JPEG and GIF by their signatures and reads their size; nil for anything else.
        public init?(bytes: [UInt8]) {
            func big16(_ at: Int) -> Int { Int(bytes[at]) << 8 | Int(bytes[at + 1]) }
            func big32(_ at: Int) -> Int { big16(at) << 16 | big16(at + 2) }
            if bytes.count >= 24, bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) {
                (format, pixelWidth, pixelHeight) = (.png, big32(16), big32(20))
            } else if bytes.count >= 10, bytes.starts(with: Array("GIF8".utf8)) {
                (format, pixelWidth, pixelHeight) = (.gif, Int(bytes[6]) | Int(bytes[7]) << 8, Int(bytes[8]) | Int(bytes[9]) << 8)
            } else if bytes.count >= 4, bytes[0] == 0xFF, bytes[1] == 0xD8 {
                // Walk the markers to the first start-of-frame, which holds the size.
                var at = 2
                var size: (Int, Int)?
                while at + 9 < bytes.count, bytes[at] == 0xFF {
                    let marker = bytes[at + 1]
                    if (0xC0...0xCF).contains(marker), ![0xC4, 0xC8, 0xCC].contains(marker) {
                        size = (big16(at + 7), big16(at + 5))
                        break
                    }
                    at += 2 + big16(at + 2)
                }
                guard let size else { return nil }
                (format, pixelWidth, pixelHeight) = (.jpeg, size.0, size.1)
            } else {
                return nil
            }
            guard pixelWidth > 0, pixelHeight > 0 else { return nil }
            self.bytes = bytes
        }

        /// `data:image/png;base64,…` for HTML.
        public var dataURL: String { "data:\(format.mediaType);base64,\(Data(bytes).base64EncodedString())" }
    }

    /// Why an image could not be used.
    public struct Failure: Error, CustomStringConvertible, Sendable {
        public var file: String
        public var line: Int
        public var description: String
    }

    /// By resolved path.
    private var images: [String: Image] = [:]

    public static let none = PaperImages()

    public init() {}

    /// The image `path` (as written in the question from `bankFile`), if loaded.
    public func image(_ path: String, from bankFile: String) -> Image? {
        images[ImageReferences.resolve(path, from: bankFile)]
    }

    /// Whether the image file at `path` exists and is a PNG, JPEG or GIF (for `ImageReferences.check`).
    public static func fileStatus(atPath path: String) -> ImageReferences.FileStatus {
        guard let data = FileManager.default.contents(atPath: path) else { return .missing }
        return Image(bytes: [UInt8](data)) == nil ? .unsupported : .usable
    }

    /// Reads every image the questions of `paper` show; fails on the first file that is missing or not a PNG,
    /// JPEG or GIF, naming the question's line.
    public static func load(for paper: Paper) -> Result<PaperImages, Failure> {
        var loaded = PaperImages()
        var questions = paper.items.flatMap { [$0.question] + $0.question.parts }
        questions.sort { ($0.source.file, $0.source.line) < ($1.source.file, $1.source.line) }
        for question in questions {
            let texts = [question.stem, question.material ?? "", question.explanation ?? ""] + question.options.map(\.text)
            for text in texts {
                for (_, path) in InlineMarkup.images(in: text) {
                    let resolved = ImageReferences.resolve(path, from: question.source.file)
                    if loaded.images[resolved] != nil { continue }
                    guard let data = FileManager.default.contents(atPath: resolved) else {
                        return .failure(Failure(file: question.source.file, line: question.source.line,
                                                description: "找不到图片文件 \(path)（应在 \(resolved)）"))
                    }
                    guard let image = Image(bytes: [UInt8](data)) else {
                        return .failure(Failure(file: question.source.file, line: question.source.line,
                                                description: "图片 \(path) 不是 PNG、JPEG 或 GIF 格式，无法放进试卷"))
                    }
                    loaded.images[resolved] = image
                }
            }
        }
        return .success(loaded)
    }
}
