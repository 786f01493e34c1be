using System;
using System.Collections.Generic;
using System.Linq;
using static TorchSharp.torch;

namespace Declarative;

/// <summary>
/// Activation matching, as in knowledge distillation (DistilBERT, TinyBERT): layers of a student are tied to layers
/// of a teacher by their outputs, and <see cref="Run"/> returns how far apart the tied outputs are.
/// </summary>
/// <remarks>
/// <para>
/// The matching loss is a weighted <b>sum over the ties</b> of the <b>mean</b> squared difference of each tie's
/// elements: <c>Σ_ties weight · mean((P(s) − t)²)</c>, with <c>s</c> the student layer's output, <c>t</c> the teacher
/// layer's and <c>P</c> the tie's projection (the identity when none is declared). The mean keeps a weight's meaning
/// when the batch or the widths change; it is <c>nn.functional.mse_loss</c> of each pair.
/// </para>
/// <para>
/// The teacher runs under <c>no_grad()</c>: it gets no gradient and its outputs are constants. Neither model's
/// training mode is changed; call <c>teacher.eval()</c> to turn its dropout off. A projection is trained only if
/// its parameters are in an optimizer: declare it as a field of the student, so that it is trained, moved and
/// saved with it.
/// </para>
/// <para>
/// Outputs are captured with forward hooks, which TorchSharp runs only when a module is invoked with
/// <c>call()</c>. A tied layer whose parent invokes it with <c>forward()</c> produces no output for the hook; it
/// cannot be intercepted (C# calls <c>forward()</c> directly), so <see cref="Run"/> throws and says so.
/// </para>
/// </remarks>
/// <example>
/// <code>
/// var matching = new ActivationTying(student, teacher)
///     .Tie(student.Hidden, teacher.Hidden2, weight: 1.0, projection: student.ToTeacherWidth);
/// var (output, teacherOutput, matchingLoss) = matching.Run(x);
/// var loss = criterion(output, y) + matchingLoss;
/// </code>
/// </example>
public sealed class ActivationTying
{
    private readonly List<ActivationTie> _ties = new();

    /// <summary>Prepares ties between the layers of <paramref name="student"/> and <paramref name="teacher"/>.</summary>
    public ActivationTying(nn.Module<Tensor, Tensor> student, nn.Module<Tensor, Tensor> teacher)
    {
        Student = student ?? throw new ArgumentNullException(nameof(student));
        Teacher = teacher ?? throw new ArgumentNullException(nameof(teacher));
        if (ReferenceEquals(student, teacher))
            throw new ArgumentException("ActivationTying: the student and the teacher are the same model.", nameof(teacher));
    }

    /// <summary>The model that learns.</summary>
    public nn.Module<Tensor, Tensor> Student { get; }

    /// <summary>The model that is matched; never trained by <see cref="Run"/>.</summary>
    public nn.Module<Tensor, Tensor> Teacher { get; }

    /// <summary>The ties, in the order they were declared.</summary>
    public IReadOnlyList<ActivationTie> Ties => _ties;

    /// <summary>
    /// Ties the output of <paramref name="studentLayer"/> to the output of <paramref name="teacherLayer"/>.
    /// </summary>
    /// <param name="studentLayer">A sub-module of the student (or the student itself).</param>
    /// <param name="teacherLayer">A sub-module of the teacher (or the teacher itself).</param>
    /// <param name="weight">The tie's weight in the sum: finite and not negative.</param>
    /// <param name="projection">Maps the student layer's output to the teacher layer's shape when widths differ
    /// (TinyBERT's learned <c>W_h</c>); <see langword="null"/> when the shapes already match.</param>
    /// <returns>This instance, to declare the next tie.</returns>
    /// <exception cref="ArgumentException">A layer is not part of its model, the student layer is part of the teacher,
    /// or the weight is negative or not finite.</exception>
    public ActivationTying Tie(nn.Module<Tensor, Tensor> studentLayer, nn.Module<Tensor, Tensor> teacherLayer, double weight = 1.0, nn.Module<Tensor, Tensor>? projection = null)
    {
        ArgumentNullException.ThrowIfNull(studentLayer);
        ArgumentNullException.ThrowIfNull(teacherLayer);
        PenaltyWeight.Check(weight, nameof(weight), "ActivationTying: a tie's weight must be finite and not negative.");

        string studentName = NameIn(Student, studentLayer)
            ?? throw new ArgumentException($"ActivationTying: the student layer ({studentLayer.GetType().Name}) is not a registered sub-module of the student ({Student.GetType().Name}).", nameof(studentLayer));
        string teacherName = NameIn(Teacher, teacherLayer)
            ?? throw new ArgumentException($"ActivationTying: the teacher layer ({teacherLayer.GetType().Name}) is not a registered sub-module of the teacher ({Teacher.GetType().Name}).", nameof(teacherLayer));
        if (NameIn(Teacher, studentLayer) is { } inTeacher)
            throw new ArgumentException($"ActivationTying: the student layer {Show(studentName, "student")} is also the teacher's '{inTeacher}'; it would not be trained.", nameof(studentLayer));
        if (projection is not null && NameIn(Teacher, projection) is { } projectionInTeacher)
            throw new ArgumentException($"ActivationTying: the projection is the teacher's '{projectionInTeacher}'; it would not be trained.", nameof(projection));

        _ties.Add(new ActivationTie(studentLayer, studentName, teacherLayer, teacherName, weight, projection));
        return this;
    }

    /// <summary>
    /// Runs the teacher (under <c>no_grad()</c>) and the student on <paramref name="input"/>, and returns the
    /// student's output, the teacher's output and the matching loss <c>Σ_ties weight · mean((P(s) − t)²)</c>.
    /// </summary>
    /// <exception cref="InvalidOperationException">No tie was declared; a tied layer produced no output (it is invoked
    /// with <c>forward()</c> instead of <c>call()</c>, or not at all) or more than one; or the tied outputs differ in
    /// shape, dtype or device and no projection makes them match. The message names the layers and the shapes.</exception>
    public ActivationMatch Run(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (_ties.Count == 0)
            throw new InvalidOperationException("ActivationTying: no tie is declared; declare one with Tie(studentLayer, teacherLayer).");

        using var scope = NewDisposeScope();
        var teacherOutputs = new Captured[_ties.Count];
        var studentOutputs = new Captured[_ties.Count];

        Tensor teacherOutput;
        using (no_grad())
            teacherOutput = RunCapturing(Teacher, input, _ties.Select(t => t.TeacherLayer).ToList(), teacherOutputs);
        var studentOutput = RunCapturing(Student, input, _ties.Select(t => t.StudentLayer).ToList(), studentOutputs);

        Tensor? loss = null;
        for (int i = 0; i < _ties.Count; i++)
        {
            var tie = _ties[i];
            var studentValue = Single(studentOutputs[i], "student", tie.StudentName, tie.StudentLayer, Student);
            var teacherValue = Single(teacherOutputs[i], "teacher", tie.TeacherName, tie.TeacherLayer, Teacher);
            var projected = tie.Projection is null ? studentValue : tie.Projection.call(studentValue);
            CheckMatch(tie, studentValue, projected, teacherValue);

            var term = nn.functional.mse_loss(projected, teacherValue).mul_(tie.Weight);
            loss = loss is null ? term : loss.add_(term);
        }

        return new ActivationMatch(studentOutput.MoveToOuterDisposeScope(), teacherOutput.MoveToOuterDisposeScope(), loss!.MoveToOuterDisposeScope());
    }

    /// <summary>Runs <paramref name="model"/> with a forward hook on each layer that records what it returns.</summary>
    private static Tensor RunCapturing(nn.Module<Tensor, Tensor> model, Tensor input, IReadOnlyList<nn.Module<Tensor, Tensor>> layers, Captured[] captured)
    {
        var removers = new List<Action>();
        try
        {
            for (int i = 0; i < layers.Count; i++)
            {
                var slot = captured[i] = new Captured();
                var remover = layers[i].register_forward_hook((module, layerInput, output) =>
                {
                    slot.Count++;
                    slot.Output = output;
                    return output;
                });
                removers.Add(remover.remove);
            }
            return model.call(input);
        }
        finally
        {
            foreach (var remove in removers) remove();
        }
    }

    private static Tensor Single(Captured captured, string side, string name, nn.Module layer, nn.Module model)
    {
        if (captured.Count == 0)
        {
            throw new InvalidOperationException(
                $"ActivationTying: the {side} layer {Show(name, side)} ({layer.GetType().Name}) produced no output while {model.GetType().Name} ran. " +
                "TorchSharp runs forward hooks only when a module is invoked with call(); its parent most likely invokes it with forward(). " +
                $"Write '{name.Split('.').Last()}.call(x)' instead of '.forward(x)' in the parent's forward(), or tie a layer that runs on this input.");
        }
        if (captured.Count > 1)
        {
            throw new InvalidOperationException(
                $"ActivationTying: the {side} layer {Show(name, side)} ({layer.GetType().Name}) ran {captured.Count} times in one pass of {model.GetType().Name}; " +
                "its output is ambiguous. Tie a layer that runs once per pass.");
        }
        return captured.Output!;
    }

    private static void CheckMatch(ActivationTie tie, Tensor student, Tensor projected, Tensor teacher)
    {
        string pair = $"ActivationTying: student {Show(tie.StudentName, "student")} and teacher {Show(tie.TeacherName, "teacher")}";
        if (!TensorAgreement.SameShape(projected, teacher))
        {
            throw new InvalidOperationException(tie.Projection is null
                ? $"{pair}: the student's output is {ModelMember.Shape(student)} but the teacher's is {ModelMember.Shape(teacher)}; " +
                  "declare a projection (for example a Linear from the student's width to the teacher's) in Tie(..., projection: ...)."
                : $"{pair}: the projection ({tie.Projection.GetType().Name}) maps the student's {ModelMember.Shape(student)} to {ModelMember.Shape(projected)}, " +
                  $"but the teacher's output is {ModelMember.Shape(teacher)}.");
        }
        if (!TensorAgreement.SamePlacement(projected, teacher))
        {
            throw new InvalidOperationException(
                $"{pair}: the student's output is {TensorAgreement.Placement(projected)} but the teacher's is {TensorAgreement.Placement(teacher)}; move both models to one dtype and device.");
        }
    }

    /// <summary>A layer's name as messages print it.</summary>
    private static string Show(string name, string side) => name.Length == 0 ? $"(the whole {side})" : $"'{name}'";

    /// <summary>The name of <paramref name="layer"/> in <paramref name="model"/>, "" for the model itself, or null.</summary>
    private static string? NameIn(nn.Module model, nn.Module layer)
    {
        if (ReferenceEquals(model, layer)) return "";
        foreach (var (name, module) in model.named_modules())
            if (ReferenceEquals(module, layer)) return name;
        return null;
    }

    /// <summary>What a hook saw during one pass.</summary>
    private sealed class Captured
    {
        public int Count;
        public Tensor? Output;
    }
}

/// <summary>One declared tie between a student layer and a teacher layer.</summary>
/// <param name="StudentLayer">The student's layer.</param>
/// <param name="StudentName">Its name in the student, "" for the student itself.</param>
/// <param name="TeacherLayer">The teacher's layer.</param>
/// <param name="TeacherName">Its name in the teacher, "" for the teacher itself.</param>
/// <param name="Weight">The tie's weight in the matching loss.</param>
/// <param name="Projection">Maps the student's output to the teacher's shape, or null.</param>
public sealed record ActivationTie(
    nn.Module<Tensor, Tensor> StudentLayer,
    string StudentName,
    nn.Module<Tensor, Tensor> TeacherLayer,
    string TeacherName,
    double Weight,
    nn.Module<Tensor, Tensor>? Projection);

/// <summary>What <see cref="ActivationTying.Run"/> computed.</summary>
/// <param name="StudentOutput">The student's output, with a gradient to its parameters.</param>
/// <param name="TeacherOutput">The teacher's output: a constant, without gradient.</param>
/// <param name="Loss">The matching loss, <c>Σ_ties weight · mean((P(s) − t)²)</c>: a scalar.</param>
public sealed record ActivationMatch(Tensor StudentOutput, Tensor TeacherOutput, Tensor Loss);
