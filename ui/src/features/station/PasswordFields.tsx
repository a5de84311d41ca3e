import { Form, Input } from "antd";

/**
 * A new password typed twice; the second must match the first. The rules on the password
 * itself (length, characters) are the core's and come back as its message.
 */
export default function PasswordFields({ testid, label = "密码" }: { testid: string; label?: string }) {
  return (
    <>
      <Form.Item
        name="password"
        label={label}
        extra="8–64 个字符"
        rules={[{ required: true, message: "请填写密码" }]}
      >
        <Input.Password autoComplete="new-password" maxLength={128} data-testid={`${testid}-password`} />
      </Form.Item>
      <Form.Item
        name="password2"
        label="再输入一次"
        dependencies={["password"]}
        rules={[
          { required: true, message: "请再输入一次密码" },
          ({ getFieldValue }) => ({
            validator: (_, value) =>
              !value || getFieldValue("password") === value
                ? Promise.resolve()
                : Promise.reject(new Error("两次输入的密码不一样，请重新输入")),
          }),
        ]}
      >
        <Input.Password autoComplete="new-password" maxLength={128} data-testid={`${testid}-password2`} />
      </Form.Item>
    </>
  );
}
