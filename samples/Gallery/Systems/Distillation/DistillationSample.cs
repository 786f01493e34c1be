using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp;
using static TorchSharp.torch;

namespace Declarative.Gallery.Systems.Distillation;

/// <summary>
/// Knowledge distillation with activation matching: a small student learns from a trained teacher's soft outputs
/// (Hinton et al. 2015) and from one of its hidden layers, through a learned projection where the widths differ
/// (TinyBERT's <c>W_h</c>). The student never sees a label; the teacher is never trained by it.
/// </summary>
public sealed class DistillationSample : ISample
{
    private const int Inputs = 8;
    private const int Classes = 3;
    private const int TrainingSamples = 512;
    private const int TestSamples = 1024;
    private const double Temperature = 2.0;
    private const double MatchingWeight = 0.1;

    public string Name => "distillation";

    public string System => "Knowledge distillation (Hinton et al. 2015; hidden-state matching as in TinyBERT, Jiao et al. 2020)";

    public string Mechanism => "ActivationTying: student hidden layer tied to the teacher's through a learned projection, teacher under no_grad";

    public SampleReport Run(SampleContext context)
    {
        int steps = 2 * DistillationSteps(context.Quick);
        var result = Distill(context.Quick, step => context.TrainingStep(step, steps));
        var output = context.Output;

        output.WriteLine($"   teacher ({result.TeacherParameters:N0} parameters, trained on labels): test accuracy {result.TeacherAccuracy:P1}");
        output.WriteLine($"   student ({result.StudentParameters:N0} parameters, never sees a label): test accuracy {result.StudentAccuracyBefore:P1} before, {result.StudentAccuracyAfter:P1} after distillation");
        output.WriteLine($"   matching loss {result.MatchingLosses[0]:F4} -> {result.MatchingLosses[^1]:F4}; teacher parameters bitwise unchanged: {(result.TeacherUnchanged ? "yes" : "NO")}");

        return new SampleReport(
            result.StudentParameters,
            result.StudentParameters,
            result.Losses,
            $"student accuracy rises ({result.StudentAccuracyBefore:P1} -> {result.StudentAccuracyAfter:P1}) and the teacher's parameters are bitwise unchanged",
            result.Holds);
    }

    /// <summary>Trains a teacher on labels, then distills it into a student.</summary>
    /// <summary>The steps of each training run: the teacher's on labels, then the student's.</summary>
    public static int DistillationSteps(bool quick) => quick ? 150 : 400;

    public static DistillationResult Distill(bool quick, Action<int>? onStep = null)
    {
        manual_seed(2020);
        var task = Task();
        var (trainX, trainY) = task(TrainingSamples);
        var (testX, testY) = task(TestSamples);

        var teacher = new Teacher(Inputs, Classes);
        int steps = DistillationSteps(quick);
        TrainOnLabels(teacher, trainX, trainY, steps, step => onStep?.Invoke(step));
        teacher.eval();   // no dropout here, but a teacher is used in evaluation mode
        var teacherBefore = teacher.parameters().Select(p => p.detach().clone()).ToList();

        var student = new Student(Inputs, Classes);
        double accuracyBefore = Accuracy(student, testX, testY);

        var matching = new ActivationTying(student, teacher)
            .Tie(student.Hidden, teacher.Hidden2, weight: MatchingWeight, projection: student.ToTeacherWidth);
        // The student's parameters, its projection included; never the teacher's.
        var optimizer = optim.Adam(student.parameters(), 0.01);
        var losses = new List<double>();
        var matchingLosses = new List<double>();
        for (int step = 0; step < steps; step++)
        {
            using var scope = NewDisposeScope();
            optimizer.zero_grad();
            var run = matching.Run(trainX);
            var loss = SoftTargetLoss(run.StudentOutput, run.TeacherOutput) + run.Loss;
            loss.backward();
            optimizer.step();
            onStep?.Invoke(steps + step + 1);
            losses.Add(loss.item<float>());
            matchingLosses.Add(run.Loss.item<float>());
        }

        var teacherAfter = teacher.parameters().ToList();
        bool unchanged = teacherBefore.Count == teacherAfter.Count
            && teacherBefore.Zip(teacherAfter).All(p => p.First.eq(p.Second).all().item<bool>());

        return new DistillationResult(
            Accuracy(teacher, testX, testY),
            accuracyBefore,
            Accuracy(student, testX, testY),
            unchanged,
            losses,
            matchingLosses,
            teacher.parameters().Sum(p => p.numel()),
            student.parameters().Sum(p => p.numel()));
    }

    /// <summary>Cross-entropy against the teacher's softened distribution, times T² so gradients keep their scale.</summary>
    private static Tensor SoftTargetLoss(Tensor studentLogits, Tensor teacherLogits)
    {
        var targets = nn.functional.softmax(teacherLogits / Temperature, dim: 1);
        var logProbabilities = nn.functional.log_softmax(studentLogits / Temperature, dim: 1);
        return -(targets * logProbabilities).sum(dim: 1).mean() * (Temperature * Temperature);
    }

    private static void TrainOnLabels(Teacher teacher, Tensor x, Tensor y, int steps, Action<int> onStep)
    {
        var optimizer = optim.Adam(teacher.parameters(), 0.01);
        for (int step = 0; step < steps; step++)
        {
            using var scope = NewDisposeScope();
            optimizer.zero_grad();
            nn.functional.cross_entropy(teacher.call(x), y).backward();
            optimizer.step();
            onStep(step + 1);
        }
    }

    private static double Accuracy(nn.Module<Tensor, Tensor> model, Tensor x, Tensor y)
    {
        using var _ = no_grad();
        return model.call(x).argmax(1).eq(y).to(float64).mean().item<double>();
    }

    /// <summary>
    /// A three-class task on 8 inputs: the class is the largest output of a random tanh network. Returns a function
    /// that draws labelled samples of it.
    /// </summary>
    private static Func<int, (Tensor X, Tensor Y)> Task()
    {
        var w = randn(Inputs, 16) / Math.Sqrt(Inputs);
        var v = randn(16, Classes);
        return samples =>
        {
            var x = randn(samples, Inputs);
            return (x, tanh(x.matmul(w)).matmul(v).argmax(1));
        };
    }
}

/// <summary>What a distillation run measured.</summary>
/// <param name="TeacherAccuracy">The teacher's held-out accuracy.</param>
/// <param name="StudentAccuracyBefore">The student's held-out accuracy before distillation (chance, about 1/3).</param>
/// <param name="StudentAccuracyAfter">The student's held-out accuracy after distillation.</param>
/// <param name="TeacherUnchanged">Every teacher parameter is bitwise what it was before distillation.</param>
/// <param name="Losses">The distillation loss (soft targets plus matching) at each step.</param>
/// <param name="MatchingLosses">The activation-matching term at each step.</param>
/// <param name="TeacherParameters">Trainable scalars of the teacher.</param>
/// <param name="StudentParameters">Trainable scalars of the student, its projection included.</param>
public sealed record DistillationResult(
    double TeacherAccuracy,
    double StudentAccuracyBefore,
    double StudentAccuracyAfter,
    bool TeacherUnchanged,
    IReadOnlyList<double> Losses,
    IReadOnlyList<double> MatchingLosses,
    long TeacherParameters,
    long StudentParameters)
{
    /// <summary>The student improved clearly, its matching loss fell, and the teacher did not move.</summary>
    public bool Holds =>
        TeacherUnchanged &&
        StudentAccuracyAfter > StudentAccuracyBefore + 0.2 &&
        MatchingLosses[MatchingLosses.Count - 1] < 0.5 * MatchingLosses[0];
}
