using System;
using System.Collections;
using System.Linq;
using System.Reflection;
using Declarative.Runtime.Tests.Models;
using TorchSharp;
using Xunit;
using static Declarative.Runtime.Tests.PenaltyChecks;
using static TorchSharp.torch;

namespace Declarative.Runtime.Tests;

/// <summary>
/// <see cref="ActivationTying"/>: a student's layer outputs tied to a teacher's (knowledge distillation as in
/// DistilBERT and TinyBERT): the loss by its definition, no gradient to the teacher, a trained projection, and
/// clear errors for shapes and for layers that hooks cannot see.
/// </summary>
public class ActivationTyingTests
{
    private static (StudentNet Student, TeacherNet Teacher, Tensor Input) Models()
    {
        manual_seed(41);
        var student = new StudentNet();
        var teacher = new TeacherNet();
        student.to(float64);
        teacher.to(float64);
        return (student, teacher, randn(6, 4, dtype: float64));
    }

    [Fact]
    public void Loss_is_the_weighted_sum_over_ties_of_the_mean_squared_difference()
    {
        var (student, teacher, x) = Models();
        var matching = new ActivationTying(student, teacher)
            .Tie(student.Hidden, teacher.Hidden2, weight: 0.5, projection: student.ToTeacher)
            .Tie(student.Output, teacher.Output, weight: 2.0);

        var result = matching.Run(x);

        using var _ = no_grad();
        var s = student.Hidden.call(x);
        var t1 = teacher.Hidden1.call(x).relu();
        var t2 = teacher.Hidden2.call(t1);
        var expected = 0.5 * (student.ToTeacher.call(s) - t2).square().mean().item<double>()
                     + 2.0 * (student.Output.call(s.relu()) - teacher.Output.call(t2.relu())).square().mean().item<double>();
        Assert.Empty(result.Loss.shape);
        Relative(expected, result.Loss.item<double>(), 1e-12);
        Assert.True(result.StudentOutput.allclose(student.call(x), rtol: 0, atol: 0));
        Assert.True(result.TeacherOutput.allclose(teacher.call(x), rtol: 0, atol: 0));
    }

    [Fact]
    public void Teacher_gets_no_gradient_and_its_output_is_a_constant()
    {
        var (student, teacher, x) = Models();
        var matching = new ActivationTying(student, teacher).Tie(student.Hidden, teacher.Hidden2, projection: student.ToTeacher);

        var result = matching.Run(x);
        Assert.False(result.TeacherOutput.requires_grad);
        (result.Loss + nn.functional.mse_loss(result.StudentOutput, result.TeacherOutput)).backward();

        Assert.All(teacher.parameters(), p => Assert.Null(p.grad));
        Assert.All(student.parameters(), p => Assert.NotNull(p.grad));
    }

    [Fact]
    public void Projection_and_student_are_trained_teacher_is_not()
    {
        var (student, teacher, x) = Models();
        var matching = new ActivationTying(student, teacher).Tie(student.Hidden, teacher.Hidden2, projection: student.ToTeacher);
        var teacherBefore = teacher.parameters().Select(p => p.clone()).ToList();
        var projectionBefore = student.ToTeacher.weight.clone();
        var optimizer = optim.Adam(student.parameters(), 0.05);

        double first = 0, last = 0;
        for (int i = 0; i < 60; i++)
        {
            optimizer.zero_grad();
            var loss = matching.Run(x).Loss;
            if (i == 0) first = loss.item<double>();
            last = loss.item<double>();
            loss.backward();
            optimizer.step();
        }

        Assert.True(last < 0.2 * first, $"matching loss went from {first:G4} to {last:G4}");
        Assert.False(student.ToTeacher.weight.eq(projectionBefore).all().item<bool>(), "the projection did not change");
        var teacherAfter = teacher.parameters().ToList();
        for (int i = 0; i < teacherBefore.Count; i++)
            Assert.True(teacherAfter[i].eq(teacherBefore[i]).all().item<bool>(), "a teacher parameter changed");
    }

    [Fact]
    public void Whole_models_can_be_tied_output_to_output()
    {
        var (student, teacher, x) = Models();
        var result = new ActivationTying(student, teacher).Tie(student, teacher, weight: 3.0).Run(x);
        using var _ = no_grad();
        Relative(3.0 * (student.call(x) - teacher.call(x)).square().mean().item<double>(), result.Loss.item<double>(), 1e-12);
    }

    [Fact]
    public void Different_widths_without_a_projection_fail_naming_the_layers_and_shapes()
    {
        var (student, teacher, x) = Models();
#pragma warning disable DECL026 // deliberately wrong: the test checks the run-time error for it
        var matching = new ActivationTying(student, teacher).Tie(student.Hidden, teacher.Hidden2);
#pragma warning restore DECL026
        var error = Assert.Throws<InvalidOperationException>(() => matching.Run(x));
        Assert.Contains("'hidden'", error.Message);
        Assert.Contains("'hidden2'", error.Message);
        Assert.Contains("[6, 5]", error.Message);
        Assert.Contains("[6, 8]", error.Message);
        Assert.Contains("projection", error.Message);
    }

    [Fact]
    public void Projection_to_the_wrong_width_fails_naming_its_output_shape()
    {
        manual_seed(42);
        var student = new StudentNet(projectionWidth: 7);
        var teacher = new TeacherNet();
        var matching = new ActivationTying(student, teacher).Tie(student.Hidden, teacher.Hidden2, projection: student.ToTeacher);
        var error = Assert.Throws<InvalidOperationException>(() => matching.Run(randn(6, 4)));
        Assert.Contains("[6, 7]", error.Message);
        Assert.Contains("[6, 8]", error.Message);
    }

    [Fact]
    public void Layer_invoked_with_forward_fails_explaining_call_versus_forward()
    {
        manual_seed(43);
        var student = new ForwardCallingStudent();
        var teacher = new TeacherNet();
        var matching = new ActivationTying(student, teacher).Tie(student.Hidden, teacher.Hidden2);
        var error = Assert.Throws<InvalidOperationException>(() => matching.Run(randn(6, 4)));
        Assert.Contains("'hidden'", error.Message);
        Assert.Contains("call()", error.Message);
        Assert.Contains("forward()", error.Message);
    }

    [Fact]
    public void Layer_that_runs_twice_per_pass_fails()
    {
        manual_seed(44);
        var student = new RecurrentStudent();
        var teacher = new TeacherNet();
        var matching = new ActivationTying(student, teacher).Tie(student.Hidden, teacher.Hidden2);
        var error = Assert.Throws<InvalidOperationException>(() => matching.Run(randn(6, 4)));
        Assert.Contains("'hidden'", error.Message);
        Assert.Contains("2 times", error.Message);
    }

    [Fact]
    public void Hooks_are_removed_after_each_run_even_when_it_fails()
    {
        var (student, teacher, x) = Models();
        var good = new ActivationTying(student, teacher).Tie(student.Hidden, teacher.Hidden2, projection: student.ToTeacher);
#pragma warning disable DECL026 // deliberately wrong: the test checks the run-time error for it
        var bad = new ActivationTying(student, teacher).Tie(student.Hidden, teacher.Hidden2);
#pragma warning restore DECL026
        // The user's own hook stays.
        var users = student.Hidden.register_forward_hook((module, input, output) => output);
        Assert.Equal(1, PostHookCount(student.Hidden));

        good.Run(x);
        Assert.Throws<InvalidOperationException>(() => bad.Run(x));

        Assert.Equal(1, PostHookCount(student.Hidden));
        Assert.Equal(0, PostHookCount(teacher.Hidden2));
        users.remove();
    }

    private static int PostHookCount(nn.Module module)
    {
        var field = module.GetType().BaseType!.BaseType!.GetField("post_hooks", BindingFlags.Instance | BindingFlags.NonPublic)!;
        return ((ICollection)field.GetValue(module)!).Count;
    }

    [Fact]
    public void Layers_must_belong_to_their_models()
    {
        var (student, teacher, _) = Models();
        var matching = new ActivationTying(student, teacher);
        Assert.Throws<ArgumentException>(() => matching.Tie(teacher.Hidden1, teacher.Hidden2));
        Assert.Throws<ArgumentException>(() => matching.Tie(student.Hidden, student.Output));
        Assert.Throws<ArgumentException>(() => matching.Tie(student.Hidden, teacher.Hidden2, projection: teacher.Hidden2));
#pragma warning disable DECL026 // deliberately wrong: the test checks the run-time error for it
        Assert.Throws<ArgumentOutOfRangeException>(() => matching.Tie(student.Hidden, teacher.Hidden2, weight: -1));
#pragma warning restore DECL026
        Assert.Throws<InvalidOperationException>(() => matching.Run(randn(2, 4, dtype: float64)));
    }
}
