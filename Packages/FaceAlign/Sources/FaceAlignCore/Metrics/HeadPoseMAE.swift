import Foundation

/// Mean absolute head-pose errors in degrees, per angle and their mean (AFLW2000-3D, BIWI tables).
public struct HeadPoseMAE: Sendable, Equatable, CustomStringConvertible {
    public var yaw: Float
    public var pitch: Float
    public var roll: Float
    /// (yaw + pitch + roll) / 3.
    public var mean: Float { (yaw + pitch + roll) / 3 }

    public init(yaw: Float, pitch: Float, roll: Float) {
        self.yaw = yaw
        self.pitch = pitch
        self.roll = roll
    }

    /// The MAE of paired predictions and ground truths. Differences wrap to [−180°, 180°], so
    /// 179° against −179° counts as 2°.
    public init(predictions: [HeadPose], groundTruths: [HeadPose]) throws {
        guard predictions.count == groundTruths.count, !predictions.isEmpty else {
            throw FaceAlignError.countMismatch(op: "HeadPoseMAE", counts: [predictions.count, groundTruths.count])
        }
        var sum = SIMD3<Double>.zero
        for (p, t) in zip(predictions, groundTruths) {
            sum += SIMD3(Self.angleGap(p.yaw, t.yaw), Self.angleGap(p.pitch, t.pitch), Self.angleGap(p.roll, t.roll))
        }
        sum /= Double(predictions.count)
        self.init(yaw: Float(sum.x), pitch: Float(sum.y), roll: Float(sum.z))
    }

    /// |a − b| in degrees, the short way round the circle.
    static func angleGap(_ a: Float, _ b: Float) -> Double {
        var d = (Double(a) - Double(b)).truncatingRemainder(dividingBy: 360)
        if d > 180 { d -= 360 } else if d < -180 { d += 360 }
        return abs(d)
    }

    public var description: String {
        func f(_ v: Float) -> String { String(format: "%.2f", v) }
        return "MAE yaw \(f(yaw))°, pitch \(f(pitch))°, roll \(f(roll))°, mean \(f(mean))°"
    }
}
