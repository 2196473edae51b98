import Registry

/// Every baseline plugin of CompressCore (`baseline-…` ids), for the app's registry.
public enum CompressCoreBaselines {
    public static let all: [any MethodPlugin.Type] = [
        MagnitudePruningPlugin.self,
        SrinivasBabuPlugin.self,
        UniformQuantizerPlugin.self,
    ]
}
