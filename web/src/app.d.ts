// See https://svelte.dev/docs/kit/types#app.d.ts
declare global {
  namespace App {
    interface Error {
      message: string;
      code?: string;
    }
    interface Locals {
      lang: 'zh' | 'en';
      sessionCookie?: string;
      user: {
        id: string;
        email: string;
        name: string;
        role: 'pending' | 'company_owner' | 'company_member' | 'expert' | 'officer' | 'admin';
        organisationId?: string;
        expertId?: string;
      } | null;
    }
  }
}

export {};
