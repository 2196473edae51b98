/// The publication a method implements.
public struct Citation: Hashable, Codable, Sendable, CustomStringConvertible {
    public var authors: [String]
    public var title: String
    public var venue: String
    public var year: Int
    /// The arXiv identifier (e.g. `1904.03839`), when there is one.
    public var arxiv: String?

    public init(authors: [String], title: String, venue: String, year: Int, arxiv: String? = nil) {
        self.authors = authors
        self.title = title
        self.venue = venue
        self.year = year
        self.arxiv = arxiv
    }

    /// "First et al., Title, Venue Year" for one-line listings.
    public var short: String {
        let who: String
        switch authors.count {
        case 0: who = "anonymous"
        case 1: who = authors[0]
        case 2: who = "\(authors[0]) and \(authors[1])"
        default: who = "\(authors[0]) et al."
        }
        return "\(who), \(venue) \(year)"
    }

    public var description: String {
        var s = "\(authors.joined(separator: ", ")). \(title). \(venue), \(year)."
        if let a = arxiv { s += " arXiv:\(a)" }
        return s
    }
}
